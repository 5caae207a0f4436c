/* Users: argon2id PIN hashes, wrong PINs counted, lockout after five. */
#include <errno.h>
#include <string.h>

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

static void test_lockout_after_five_wrong_pins(void **state)
{
        struct tstore t;
        struct user u;
        int64_t now = INT64_C(1790000000000);
        (void)state;
        tstore_open(&t);
        ledger_set_clock(t.l, now);
        assert_ok(t.l, user_add(t.l, "dora", ROLE_CASHIER, "4321", NULL));
        /* a wrong PIN, then the right one: the count starts over */
        assert_int_equal(user_check_pin(t.l, "dora", "0000", &u), -EACCES);
        assert_ok(t.l, user_check_pin(t.l, "dora", "4321", &u));
        for (int i = 0; i < USER_MAX_FAILURES; i++)
                assert_int_equal(user_check_pin(t.l, "dora", "0000", &u), -EACCES);
        /* locked: even the right PIN is refused */
        assert_int_equal(user_check_pin(t.l, "dora", "4321", &u), -EPERM);
        assert_string_equal(ledger_errcode(t.l), "USER_LOCKED");
        ledger_set_clock(t.l, now + USER_LOCK_MS + 1);
        /* five more wrong: the second lockout lasts twice as long */
        for (int i = 0; i < USER_MAX_FAILURES; i++)
                assert_int_equal(user_check_pin(t.l, "dora", "0000", &u), -EACCES);
        ledger_set_clock(t.l, now + 2 * USER_LOCK_MS + 2);
        assert_int_equal(user_check_pin(t.l, "dora", "4321", &u), -EPERM);
        ledger_set_clock(t.l, now + 3 * USER_LOCK_MS + 2);
        assert_ok(t.l, user_check_pin(t.l, "dora", "4321", &u));
        /* a good PIN wipes the slate: the next lockout is short again */
        for (int i = 0; i < USER_MAX_FAILURES; i++)
                assert_int_equal(user_check_pin(t.l, "dora", "0000", &u), -EACCES);
        ledger_set_clock(t.l, now + 4 * USER_LOCK_MS + 3);
        assert_ok(t.l, user_check_pin(t.l, "dora", "4321", &u));
        assert_int_equal(user_check_pin(t.l, "nobody", "4321", &u), -ENOENT);
        /* a new PIN set by a manager clears the lock */
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
                cmocka_unit_test(test_lockout_after_five_wrong_pins),
        };
        return cmocka_run_group_tests_name("users", tests, NULL, NULL);
}
