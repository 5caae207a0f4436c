/* The store's categories: listed with how many products each has, kept by a manager. */
#include <errno.h>
#include <string.h>

#include "catalog/categories.h"
#include "ledger/ledger_int.h"

int category_each(struct ledger *l, int (*fn)(const struct category *, void *), void *ud)
{
        static const char sql[] = "SELECT c.id, c.name, (SELECT count(*) FROM products p WHERE p.category_id = c.id)"
                                  " FROM categories c ORDER BY c.name";
        sqlite3_stmt *st = stmt_own(l, sql);
        struct category c;
        int rc, r = 0;

        if (!st)
                return l->e.num;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
                memset(&c, 0, sizeof(c));
                c.id = sqlite3_column_int64(st, 0);
                utf8_cut(c.name, sizeof(c.name), (const char *)sqlite3_column_text(st, 1));
                c.products = sqlite3_column_int64(st, 2);
                if ((r = fn(&c, ud)) != 0)
                        break;
        }
        sqlite3_finalize(st);
        if (r == 0 && rc != SQLITE_DONE)
                return fail_sql(l, rc, "listing categories");
        return r;
}

/* How many products the category of id has: >= 0, or UNKNOWN_CATEGORY. */
static int64_t products_in(struct ledger *l, int64_t id)
{
        static const char sql[] =
                "SELECT (SELECT count(*) FROM products WHERE category_id = ?1) FROM categories WHERE id = ?1";
        sqlite3_stmt *st = stmt(l, sql);
        int64_t n = 0;
        int rc;

        if (!st)
                return l->e.num;
        sqlite3_bind_int64(st, 1, id);
        if ((rc = step_one(l, st, "reading a category")) == 1)
                n = sqlite3_column_int64(st, 0);
        sqlite3_reset(st);
        if (rc <= 0)
                return rc < 0 ? rc : fail(l, -ENOENT, "UNKNOWN_CATEGORY", "no category %lld", (long long)id);
        return n;
}

/* One change to the categories in its own transaction, audited as did: sql binds id as
 * ?1 and name as ?2; id 0: a new one, its id in *ret_id. */
static int category_write(struct ledger *l, const struct actor *a, const char *sql, int64_t id, const char *name,
                          const char *did, int64_t *ret_id)
{
        sqlite3_stmt *st;
        int64_t n = 0;
        int r;

        if ((r = need_manager(l, a, "changing the categories")) < 0 ||
            (name && (r = check_text(l, "category", name, NAME_MAX_LEN, true)) < 0))
                return r;
        if ((r = tx_begin(l)) < 0)
                return r;
        if (id && (n = products_in(l, id)) < 0) {
                r = (int)n;
                goto out;
        }
        if (id && !name && n > 0) {
                r = fail(l, -EBUSY, "CATEGORY_IN_USE", "%lld products are in this category: move them first", (long long)n);
                goto out;
        }
        if (!(st = stmt(l, sql))) {
                r = l->e.num;
                goto out;
        }
        sqlite3_bind_int64(st, 1, id);
        bind_text_or_null(st, 2, name);
        if ((r = step_done(l, st, "changing the categories")) < 0) {
                if (r == -EEXIST)
                        r = fail(l, r, "CATEGORY_EXISTS", "there is a category named %.60s already", name);
                goto out;
        }
        if (!id)
                id = sqlite3_last_insert_rowid(l->db);
        if ((r = audit_add(l, a, "category", "%s %lld%s%s", did, (long long)id, name ? ": " : "", name ? name : "")) < 0)
                goto out;
        if ((r = tx_commit(l)) < 0)
                return r;
        if (ret_id)
                *ret_id = id;
        return 0;
out:
        tx_rollback(l);
        return r;
}

int category_add(struct ledger *l, const struct actor *a, const char *name, int64_t *ret_id)
{
        return category_write(l, a, "INSERT INTO categories(name) VALUES (?2)", 0, name ? name : "", "added", ret_id);
}

int category_rename(struct ledger *l, const struct actor *a, int64_t id, const char *name)
{
        return category_write(l, a, "UPDATE categories SET name = ?2 WHERE id = ?1", id, name ? name : "", "renamed",
                              NULL);
}

int category_delete(struct ledger *l, const struct actor *a, int64_t id)
{
        return category_write(l, a, "DELETE FROM categories WHERE id = ?1", id, NULL, "deleted", NULL);
}
