/* posctl hq init | add-store: HQ's side of the chain, on a PostgreSQL given by a libpq
 * connection string of a role that may create schemas and roles. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdlib.h>
#include <libpq-fe.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "posctl.h"
#include "ledger/journal.h"
#include "people/users.h"

/* chain/hq.sql, in the binary: posctl needs no file beside it to set up HQ */
extern const char hq_sql[];
__asm__(".pushsection .rodata\n"
        ".global hq_sql\n"
        "hq_sql:\n"
        ".incbin \"chain/hq.sql\"\n"
        ".byte 0\n"
        ".popsection\n");

#define STORE_CODE_MAX 32
#define PASSWORD_BYTES 24
#define CHANGE_LINE_MAX (64 * 1024)
#define HQ_PIN_MIN 8

static PGconn *hq_admin(const char *conninfo)
{
        PGconn *c = PQconnectdb(conninfo);

        if (PQstatus(c) == CONNECTION_OK)
                return c;
        fprintf(stderr, "posctl: HQ: %s", PQerrorMessage(c));
        PQfinish(c);
        return NULL;
}

/* Run sql (with params); false, said on stderr, when PostgreSQL refuses it. */
static bool hq_do(PGconn *c, const char *what, const char *sql, int n, const char *const *params)
{
        PGresult *r = n ? PQexecParams(c, sql, n, NULL, params, NULL, NULL, 0) : PQexec(c, sql);
        bool ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;

        if (!ok)
                fprintf(stderr, "posctl: %s: %s", what, PQerrorMessage(c));
        PQclear(r);
        return ok;
}

/* A column posd files documents in, into HQ's register of them. */
static int register_column(void *ud, const char *table, const char *column, const char *type)
{
        const char *params[3] = { table, column, type };

        return hq_do(ud, "the documents' tables",
                     "INSERT INTO hq.doc_columns VALUES ($1, $2, $3) ON CONFLICT (table_name, column_name)"
                     " DO UPDATE SET type = excluded.type",
                     3, params)
                       ? 0
                       : -EIO;
}

/* The tables and columns this posd's document kinds read, as a new store of its own has
 * them: HQ files documents in these alone. */
static bool register_documents(PGconn *c)
{
        static const char *const files[] = { "", "-wal", "-shm" };
        char dir[] = "/tmp/posctl-hq-XXXXXX", path[64];
        struct ledger *l = NULL;
        struct ledger_error e;
        bool ok;

        if (!mkdtemp(dir)) {
                fprintf(stderr, "posctl: a temporary folder: %s\n", strerror(errno));
                return false;
        }
        snprintf(path, sizeof(path), "%s/kinds.db", dir);
        ok = ledger_open(path, LEDGER_OPEN_CREATE, &l, &e) == 0 && journal_columns(l, register_column, c) == 0 &&
             hq_do(c, "the documents' tables",
                   "SELECT hq.doc_table(table_name) FROM (SELECT DISTINCT table_name FROM hq.doc_columns) t;"
                   "SELECT hq.add_months(2)", 0, NULL);
        if (!l)
                fprintf(stderr, "posctl: %s\n", e.msg);
        ledger_close(l);
        for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
                snprintf(path, sizeof(path), "%s/kinds.db%s", dir, files[i]);
                unlink(path);
        }
        rmdir(dir);
        return ok;
}

static int hq_init(const char *conninfo)
{
        PGconn *c = hq_admin(conninfo);
        bool ok = c && hq_do(c, "BEGIN", "BEGIN", 0, NULL) && hq_do(c, "HQ's schema", hq_sql, 0, NULL) &&
                  register_documents(c) && hq_do(c, "COMMIT", "COMMIT", 0, NULL);

        if (ok)
                printf("HQ's schema is in %s on %s\n", PQdb(c), PQhost(c));
        PQfinish(c);
        return ok ? EXIT_OK : EXIT_FAILED;
}

/* A libpq password file with the store's role and its password, readable by its owner
 * only, never over another file. */
static bool write_credentials(const char *path, const char *role, const char *password)
{
        int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        char line[256];
        int n = snprintf(line, sizeof(line), "*:*:*:%s:%s\n", role, password);

        if (fd < 0) {
                fprintf(stderr, "posctl: %s: %s\n", path, strerror(errno));
                return false;
        }
        if (write(fd, line, (size_t)n) != n || fsync(fd) < 0) {
                fprintf(stderr, "posctl: writing %s: %s\n", path, strerror(errno));
                close(fd);
                unlink(path);
                return false;
        }
        close(fd);
        return true;
}

/* Who signs in to HQ: a store, which can only send its own entries and read its own
 * changes, or a reader of HQ's reports (a posd with [hq] serve = reports). */
struct hq_role {
        const char *noun, *prefix;
        const char *sql; /* $1 the code, $2 the role */
        const char *serve; /* the [hq] line beyond the store's; "" none */
};
static const struct hq_role store_role = { "store", "store_", "SELECT hq.add_store($1, $2)", "" };
static const struct hq_role reader_role = { "reader", "reader_", "SELECT hq.add_reader($2) WHERE $1::text IS NOT NULL",
                                            "serve = reports\n" };

/* The role and a new password, set at HQ as a SCRAM verifier (the password itself never
 * reaches the server), then the credentials file. */
static int hq_add_role(const struct hq_role *k, const char *conninfo, const char *code, const char *path)
{
        unsigned char raw[PASSWORD_BYTES];
        char role[STORE_CODE_MAX + 8], password[PASSWORD_BYTES * 2 + 1], *verifier = NULL;
        const char *params[2] = { code, role };
        PGconn *c;
        bool ok = false, wrote = false;

        if (!code[0] || strlen(code) > STORE_CODE_MAX ||
            strspn(code, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_") != strlen(code)) {
                fprintf(stderr, "posctl: a %s's code is 1 to %d letters, digits and _\n", k->noun, STORE_CODE_MAX);
                return EXIT_USAGE;
        }
        if (access(path, F_OK) == 0) {
                fprintf(stderr, "posctl: %s is there already: give a new file\n", path);
                return EXIT_FAILED;
        }
        snprintf(role, sizeof(role), "%s%s", k->prefix, code);
        for (char *p = role; *p; p++)
                *p = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
        randombytes_buf(raw, sizeof(raw));
        sodium_bin2hex(password, sizeof(password), raw, sizeof(raw));
        if (!(c = hq_admin(conninfo)))
                return EXIT_FAILED;
        if (!hq_do(c, "BEGIN", "BEGIN", 0, NULL) || !hq_do(c, "adding the role", k->sql, 2, params))
                goto out;
        if (!(verifier = PQencryptPasswordConn(c, password, role, "scram-sha-256"))) {
                fprintf(stderr, "posctl: %s", PQerrorMessage(c));
                goto out;
        }
        /* ALTER ROLE takes no parameters: the role is one posctl made, the verifier quoted */
        {
                char *q_role = PQescapeIdentifier(c, role, strlen(role));
                char *q_verifier = PQescapeLiteral(c, verifier, strlen(verifier));
                char sql[512];
                snprintf(sql, sizeof(sql), "ALTER ROLE %s PASSWORD %s", q_role ? q_role : "",
                         q_verifier ? q_verifier : "");
                ok = q_role && q_verifier && hq_do(c, "the role's password", sql, 0, NULL);
                PQfreemem(q_role);
                PQfreemem(q_verifier);
        }
        /* the file before the commit: a role HQ knows always has its credentials somewhere */
        ok = ok && (wrote = write_credentials(path, role, password)) && hq_do(c, "COMMIT", "COMMIT", 0, NULL);
        if (ok)
                printf("%s %s is at HQ as role %s; its credentials are in %s\n\n"
                       "Copy that file to its machine (chmod 600, owned by posd's user) and add to its posd.conf:\n"
                       "[hq]\nhost = %s\nport = %s\ndatabase = %s\nrole = %s\ncredentials = %s\n%s",
                       k->noun, code, role, path, PQhost(c), PQport(c), PQdb(c), role, path, k->serve);
        else if (wrote)
                unlink(path);
out:
        sodium_memzero(password, sizeof(password));
        PQfreemem(verifier);
        PQfinish(c);
        return ok ? EXIT_OK : EXIT_FAILED;
}

/* Each line of in, a JSON object, published as a change of kind for every store (or
 * store), all or none; the line of one HQ refuses is named. */
static int hq_publish(const char *conninfo, const char *kind, FILE *in, const char *store)
{
        const char *params[3] = { kind, NULL, store };
        char *line = NULL, first[24] = "", last[24] = "";
        size_t cap = 0;
        unsigned long lineno = 0, n = 0;
        ssize_t len;
        PGconn *c = hq_admin(conninfo);
        bool ok = c && hq_do(c, "BEGIN", "BEGIN", 0, NULL);

        while (ok && (len = getline(&line, &cap, in)) >= 0) {
                PGresult *r;
                lineno++;
                if (len > CHANGE_LINE_MAX) {
                        fprintf(stderr, "posctl: line %lu: longer than %d bytes\n", lineno, CHANGE_LINE_MAX);
                        ok = false;
                        break;
                }
                if (strspn(line, " \t\r\n") == (size_t)len)
                        continue;
                params[1] = line;
                r = PQexecParams(c, "SELECT hq.publish($1, $2::jsonb, $3)", 3, NULL, params, NULL, NULL, 0);
                if (!(ok = PQresultStatus(r) == PGRES_TUPLES_OK))
                        fprintf(stderr, "posctl: line %lu: %s", lineno, PQerrorMessage(c));
                else
                        snprintf(n++ ? last : first, sizeof(first), "%s", PQgetvalue(r, 0, 0));
                PQclear(r);
        }
        free(line);
        ok = ok && hq_do(c, "COMMIT", "COMMIT", 0, NULL);
        if (ok)
                printf("published %lu %s change%s%s%s%s%s\n", n, kind, n == 1 ? "" : "s", n ? ", numbers " : "", first,
                       n > 1 ? " to " : "", n > 1 ? last : "");
        PQfinish(c);
        return ok ? EXIT_OK : EXIT_FAILED;
}

/* A user for the stores, with its PIN (from stdin) hashed here: HQ keeps only the hash. */
static int hq_user(const char *conninfo, const char *name, const char *role_arg, bool active, const char *store)
{
        char pin[PIN_MAX + 2] = "", hash[USER_PIN_HASH_MAX];
        const char *params[5] = { name, NULL, hash, active ? "true" : "false", store };
        enum role role;
        PGconn *c;
        PGresult *r;
        bool ok;

        if (role_parse(role_arg, &role) < 0) {
                fprintf(stderr, "posctl: role '%s' is not cashier, manager or admin\n", role_arg);
                return EXIT_USAGE;
        }
        /* every store gets the hash, and one store's loss must not give away a short PIN
         * that then opens them all */
        ok = posctl_read_pin(pin) == 0 && strlen(pin) >= HQ_PIN_MIN && user_pin_hash(pin, hash) == 0;
        explicit_bzero(pin, sizeof(pin));
        if (!ok) {
                fprintf(stderr, "posctl: a user HQ sends to the stores has a PIN of %d to %d digits\n", HQ_PIN_MIN,
                        PIN_MAX);
                return EXIT_FAILED;
        }
        if (!(c = hq_admin(conninfo)))
                return EXIT_FAILED;
        params[1] = role_name(role);
        r = PQexecParams(c, "SELECT hq.publish('user', jsonb_build_object('name', $1::text, 'role', $2::text,"
                            " 'pin_hash', $3::text, 'active', $4::boolean), $5)", 5, NULL, params, NULL, NULL, 0);
        if ((ok = PQresultStatus(r) == PGRES_TUPLES_OK))
                printf("published user %s (%s), number %s\n", name, role_name(role), PQgetvalue(r, 0, 0));
        else
                fprintf(stderr, "posctl: %s", PQerrorMessage(c));
        PQclear(r);
        PQfinish(c);
        return ok ? EXIT_OK : EXIT_FAILED;
}

int cmd_hq(struct posctl *pc, int argc, char **argv)
{
        static const struct option opts[] = {
                { "store", required_argument, NULL, 's' },
                { "role", required_argument, NULL, 'r' },
                { "disabled", no_argument, NULL, 'd' },
                { 0, 0, 0, 0 },
        };
        const char *store = NULL, *role = NULL;
        bool active = true;
        int c;

        (void)pc;
        if (sodium_init() < 0)
                return EXIT_FAILED;
        optind = 0;
        while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
                switch (c) {
                case 's': store = optarg; break;
                case 'r': role = optarg; break;
                case 'd': active = false; break;
                default: return EXIT_USAGE;
                }
        }
        argc -= optind - 1;
        argv += optind - 1;
        if (argc == 3 && !strcmp(argv[1], "init"))
                return hq_init(argv[2]);
        if (argc == 5 && !strcmp(argv[1], "add-store"))
                return hq_add_role(&store_role, argv[2], argv[3], argv[4]);
        if (argc == 5 && !strcmp(argv[1], "add-reader"))
                return hq_add_role(&reader_role, argv[2], argv[3], argv[4]);
        if (argc == 5 && !strcmp(argv[1], "publish")) {
                FILE *in = strcmp(argv[4], "-") ? fopen(argv[4], "re") : stdin;
                int r;
                if (!in) {
                        fprintf(stderr, "posctl: %s: %s\n", argv[4], strerror(errno));
                        return EXIT_FAILED;
                }
                r = hq_publish(argv[2], argv[3], in, store);
                if (in != stdin)
                        fclose(in);
                return r;
        }
        if (argc == 4 && !strcmp(argv[1], "user") && role)
                return hq_user(argv[2], argv[3], role, active, store);
        return EXIT_USAGE;
}
