/* What every posting shares. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ledger/money.h"
#include "ledger/posting_int.h"
#include "ledger/store.h"

const char *tender_name(enum tender t)
{
        static const char *const names[] = { "cash", "card", "other" };
        return (unsigned)t < TENDER__COUNT ? names[t] : "?";
}

int tender_parse(const char *s, enum tender *ret)
{
        for (int t = 0; t < TENDER__COUNT; t++)
                if (s && strcmp(s, tender_name((enum tender)t)) == 0) {
                        *ret = (enum tender)t;
                        return 0;
                }
        return -EINVAL;
}

void req_str(struct posting *p, const char *s)
{
        unsigned char z = 0x1f;

        if (s)
                crypto_hash_sha256_update(&p->req, (const unsigned char *)s, strlen(s));
        crypto_hash_sha256_update(&p->req, &z, 1);
}

void req_int(struct posting *p, int64_t v)
{
        char buf[24];

        snprintf(buf, sizeof(buf), "%lld", (long long)v);
        req_str(p, buf);
}

int check_qty(struct ledger *l, int64_t qty, size_t line, bool allow_negative)
{
        if ((qty <= 0 && !allow_negative) || qty == 0 || qty > QTY_MAX || qty < -QTY_MAX)
                return fail(l, -EINVAL, "BAD_QUANTITY", "line %zu: quantity must be %s and at most %lld", line,
                            allow_negative ? "non-zero" : "positive", (long long)(QTY_MAX / 1000));
        return 0;
}

int posting_init(struct ledger *l, struct posting *p, enum doc_type type, const struct doc_head *h)
{
        int r;

        clear_err(l);
        memset(p, 0, sizeof(*p));
        p->type = type;
        p->doc_type = doc_kind(type)->type;
        p->h = h;
        if ((r = check_text(l, "idempotency key", h->idem_key, IDEM_KEY_MAX, false)) < 0 ||
            (r = check_text(l, "user", h->user, NAME_MAX_LEN, false)) < 0 ||
            (r = check_text(l, "lane", h->lane, CODE_MAX_LEN, false)) < 0 ||
            (r = check_text(l, "location", h->location, CODE_MAX_LEN, false)) < 0)
                return r;
        if (h->at_ms < 0 || h->at_ms > TIME_MAX_MS)
                return fail(l, -EINVAL, "BAD_TIME", "a document's time is between 1970 and the year 9999");
        p->at = h->at_ms ? h->at_ms : ledger_now_ms(l);
        crypto_hash_sha256_init(&p->req);
        req_str(p, p->doc_type);
        req_str(p, h->user);
        req_str(p, h->lane);
        req_str(p, h->location);
        return 0;
}

int posting_close(struct ledger *l, struct posting *p, int64_t doc_id, int64_t total, struct doc_result *ret)
{
        int r = doc_set_total(l, p->type, doc_id, total);

        return r < 0 ? posting_abort(l, r) : posting_end(l, p, doc_id, ret);
}

int posting_abort(struct ledger *l, int r)
{
        tx_rollback(l);
        return r;
}

/* 1 and the document id if the key is known, 0 if not. */
static int idem_find(struct ledger *l, struct posting *p, int64_t *ret_id)
{
        static const char sql[] = "SELECT doc_type, doc_id, request_hash FROM idempotency WHERE key = ?1";
        sqlite3_stmt *st = stmt(l, sql);
        int rc, r = 0;

        if (!st)
                return l->e.num;
        sqlite3_bind_text(st, 1, p->h->idem_key, -1, SQLITE_TRANSIENT);
        rc = sqlite3_step(st);
        if (rc == SQLITE_ROW) {
                const void *hash = sqlite3_column_blob(st, 2);
                if (strcmp((const char *)sqlite3_column_text(st, 0), p->doc_type) != 0 ||
                    sqlite3_column_bytes(st, 2) != (int)sizeof(p->req_hash) ||
                    memcmp(hash, p->req_hash, sizeof(p->req_hash)) != 0)
                        r = fail(l, -EEXIST, "IDEMPOTENCY_KEY_REUSED",
                                 "idempotency key '%s' was already used for a different request", p->h->idem_key);
                else {
                        *ret_id = sqlite3_column_int64(st, 1);
                        r = 1;
                }
        } else if (rc != SQLITE_DONE) {
                r = fail_sql(l, rc, "looking up the idempotency key");
        }
        sqlite3_reset(st);
        return r;
}

int posting_begin(struct ledger *l, struct posting *p, struct doc_result *ret)
{
        int64_t id = 0;
        int r;

        crypto_hash_sha256_final(&p->req, p->req_hash);
        if ((r = tx_begin(l)) < 0)
                return r;
        if ((r = location_find(l, p->h->location, &p->location_id)) < 0)
                return posting_abort(l, r);
        if (!p->h->idem_key || !*p->h->idem_key)
                return 0;
        if ((r = idem_find(l, p, &id)) <= 0)
                return r < 0 ? posting_abort(l, r) : 0;
        r = doc_load_result(l, p->doc_type, id, ret);
        tx_rollback(l);
        if (r < 0)
                return r;
        ret->replayed = true;
        return 1;
}

static int idem_record(struct ledger *l, struct posting *p, int64_t doc_id)
{
        static const char sql[] =
                "INSERT INTO idempotency(key, doc_type, doc_id, request_hash, at) VALUES (?1, ?2, ?3, ?4, ?5)";
        sqlite3_stmt *st;

        if (!p->h->idem_key || !*p->h->idem_key)
                return 0;
        if (!(st = stmt(l, sql)))
                return l->e.num;
        sqlite3_bind_text(st, 1, p->h->idem_key, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, p->doc_type, -1, SQLITE_STATIC);
        sqlite3_bind_int64(st, 3, doc_id);
        sqlite3_bind_blob(st, 4, p->req_hash, sizeof(p->req_hash), SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 5, p->at);
        return step_done(l, st, "recording the idempotency key");
}

/* COMMIT failed and was rolled back: the document is there only if the key says so. */
static int settle(struct ledger *l, struct posting *p, int commit_err, struct doc_result *ret)
{
        struct ledger_error first = l->e;
        int64_t id = 0;
        int r;

        if (!p->h->idem_key || !*p->h->idem_key)
                return fail(l, commit_err, "OUTCOME_UNKNOWN",
                            "%s; without an idempotency key it cannot be told whether it was posted", first.msg);
        r = idem_find(l, p, &id);
        if (r == 0) {
                l->e = first;
                return commit_err; /* not posted: the client may retry */
        }
        if (r < 0)
                return fail(l, -EIO, "OUTCOME_UNKNOWN",
                            "%s; retry with the same idempotency key once storage is back", first.msg);
        if ((r = doc_load_result(l, p->doc_type, id, ret)) < 0)
                return r;
        clear_err(l);
        return 0;
}

int posting_end(struct ledger *l, struct posting *p, int64_t doc_id, struct doc_result *ret)
{
        struct doc_result res;
        int r;

        if ((r = idem_record(l, p, doc_id)) < 0 || (r = doc_load_result(l, p->doc_type, doc_id, &res)) < 0 ||
            (r = journal_append(l, p->doc_type, doc_id, res.number, p->at)) < 0)
                return posting_abort(l, r);
        if ((r = tx_commit(l)) < 0)
                return settle(l, p, r, ret);
        *ret = res;
        return 0;
}


int sale_id_by_number(struct ledger *l, const char *number, int64_t *ret_id)
{
        static const char sql[] = "SELECT id FROM sales WHERE number = ?1";
        sqlite3_stmt *st = stmt(l, sql);
        int r;

        if (!st)
                return l->e.num;
        sqlite3_bind_text(st, 1, number ? number : "", -1, SQLITE_TRANSIENT);
        if ((r = step_one(l, st, "finding a sale")) == 1)
                *ret_id = sqlite3_column_int64(st, 0);
        sqlite3_reset(st);
        if (r == 0)
                return fail(l, -ENOENT, "UNKNOWN_SALE", "no sale numbered %.40s", number ? number : "");
        return r < 0 ? r : 0;
}

int sale_result_by_number(struct ledger *l, const char *number, struct doc_result *ret)
{
        int64_t id;
        int r = sale_id_by_number(l, number, &id);

        return r < 0 ? r : doc_load_result(l, "sale", id, ret);
}
