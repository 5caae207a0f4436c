/* Users: argon2id PIN hashes; wrong PINs lock nobody in the core and tell no names. */
#include <errno.h>
#include <string.h>

#include "ledger/audit.h"
#include "ledger/ledger.h"
#include "testlib.h"
#include "people/users.h"

static void test_pin_stored_as_argon2id(void **state)
{
        struct tstore t;
        struct user u;
        (void)state;
        tstore_open(&t);
        assert_ok(t.l, user_add(t.l, "alice", ROLE_CASHIER, "1234", NULL));
        assert_int_equal(tsql_int(t.path, "SELECT pin_hash LIKE '$argon2id$%' FROM users WHERE name = 'alice'"), 1);
        assert_int_equal(tsql_int(t.path, "SELECT instr(pin_hash, '1234') FROM users WHERE name = 'alice'"), 0);
        assert_ok(t.l, user_check_pin(t.l, "alice", "1234", &u));
        assert_string_equal(u.name, "alice");
        assert_int_equal(u.role, ROLE_CASHIER);
        tstore_close(&t);
}

static void test_bad_users_refused(void **state)
{
        struct tstore t;
        (void)state;
        tstore_open(&t);
        assert_ok(t.l, user_add(t.l, "bob", ROLE_MANAGER, "987654", NULL));
        assert_int_equal(user_add(t.l, "bob", ROLE_CASHIER, "1111", NULL), -EEXIST);
        assert_string_equal(ledger_errcode(t.l), "USER_EXISTS");
        assert_int_equal(user_add(t.l, "carl", ROLE_CASHIER, "12", NULL), -EINVAL);
        assert_int_equal(user_add(t.l, "carl", ROLE_CASHIER, "12ab", NULL), -EINVAL);
        assert_int_equal(user_add(t.l, "carl", ROLE_CASHIER, "1234567890123", NULL), -EINVAL);
        assert_int_equal(user_add(t.l, "", ROLE_CASHIER, "1234", NULL), -EINVAL);
        assert_int_equal(tsql_int(t.path, "SELECT count(*) FROM users"), 1);
        tstore_close(&t);
}

/* The core keeps no lock of its own (the API slows wrong PINs per client address): many
 * wrong PINs leave the right one working. Every refusal reads the same whoever is
 * named, and a disabled user is told so only with the right PIN. */
static void test_wrong_pins_lock_nobody_and_tell_no_names(void **state)
{
        static const char *const names[] = { "dora", "nobody", "gone" };
        static const char *const pins[] = { "0000", "4321", "123", "12345678901234567890", "", "abcd" };
        struct tstore t;
        struct user u;
        struct pin_check c;
        bool off = false;
        const struct user_change disable = { .active = &off };
        const struct actor root = { "root", "1", NULL, true };
        char msg[128] = "";
        (void)state;
        tstore_open(&t);
        assert_ok(t.l, user_add(t.l, "dora", ROLE_CASHIER, "4321", NULL));
        assert_ok(t.l, user_add(t.l, "gone", ROLE_CASHIER, "7777", NULL));
        assert_ok(t.l, user_add(t.l, "root", ROLE_ADMIN, "9999", NULL));
        assert_ok(t.l, user_change(t.l, &root, "gone", &disable, &u));
        for (int i = 0; i < 4 * USER_MAX_FAILURES; i++)
                assert_int_equal(user_check_pin(t.l, "dora", "0000", &u), -EACCES);
        assert_ok(t.l, user_check_pin(t.l, "dora", "4321", &u));
        assert_string_equal(u.name, "dora");
        /* a wrong PIN for dora, anything for nobody, a wrong PIN for gone: one answer */
        for (size_t n = 0; n < 3; n++)
                for (size_t p = 0; p < sizeof(pins) / sizeof(pins[0]); p++) {
                        if (n == 0 && !strcmp(pins[p], "4321"))
                                continue;
                        assert_int_equal(user_check_pin(t.l, names[n], pins[p], &u), -EACCES);
                        assert_string_equal(ledger_errcode(t.l), "WRONG_PIN");
                        if (!msg[0])
                                snprintf(msg, sizeof(msg), "%s", ledger_errmsg(t.l));
                        assert_string_equal(ledger_errmsg(t.l), msg);
                }
        /* the steps the API runs apart: an unknown name still has a hash to check against */
        assert_ok(t.l, user_pin_read(t.l, "nobody", &c));
        assert_false(c.known);
        assert_true(c.hash[0] == '$');
        assert_false(pin_matches(&c, "0000"));
        assert_int_equal(user_check_pin(t.l, "gone", "7777", &u), -EPERM);
        assert_string_equal(ledger_errcode(t.l), "USER_INACTIVE");
        /* a new PIN set by a manager is the one that works */
        assert_ok(t.l, user_set_pin(t.l, "dora", "5555"));
        assert_int_equal(user_check_pin(t.l, "dora", "4321", &u), -EACCES);
        assert_ok(t.l, user_check_pin(t.l, "dora", "5555", &u));
        tstore_close(&t);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_pin_stored_as_argon2id),
                cmocka_unit_test(test_bad_users_refused),
                cmocka_unit_test(test_wrong_pins_lock_nobody_and_tell_no_names),
        };
        return cmocka_run_group_tests_name("users", tests, NULL, NULL);
}
