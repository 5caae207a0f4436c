/* posctl user add|list. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "posctl.h"
#include "people/users.h"

/* The first line of stdin, without echo when it is a terminal. */
int posctl_read_pin(char *pin)
{
        struct termios old, quiet;
        bool tty = isatty(STDIN_FILENO), restore = false;
        char line[64];
        size_t n;

        if (tty) {
                fprintf(stderr, "PIN (%d-%d digits): ", PIN_MIN, PIN_MAX);
                if (tcgetattr(STDIN_FILENO, &old) == 0) {
                        quiet = old;
                        quiet.c_lflag &= ~(tcflag_t)ECHO;
                        restore = tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
                }
        }
        if (!fgets(line, sizeof(line), stdin))
                line[0] = '\0';
        if (restore)
                (void)tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
        if (tty)
                fputc('\n', stderr);
        n = strcspn(line, "\r\n");
        line[n] = '\0';
        if (n <= PIN_MAX)
                memcpy(pin, line, n + 1);
        explicit_bzero(line, sizeof(line));
        return n <= PIN_MAX ? 0 : -1;
}

static int print_user(const struct user *u, void *ud)
{
        (void)ud;
        printf("%-20s %-8s %s\n", u->name, role_name(u->role), u->active ? "active" : "disabled");
        return 0;
}

static int user_list(struct posctl *pc)
{
        struct ledger *l = posctl_open(pc, LEDGER_OPEN_READONLY);
        int r = EXIT_OK;

        if (!l)
                return EXIT_FAILED;
        if (user_each(l, print_user, NULL) < 0)
                r = posctl_fail(l, "user list");
        ledger_close(l);
        return r;
}

int cmd_user(struct posctl *pc, int argc, char **argv)
{
        static const struct option opts[] = { { "role", required_argument, NULL, 'r' }, { 0, 0, 0, 0 } };
        char pin[PIN_MAX + 2] = "";
        enum role role = ROLE_CASHIER;
        const char *role_arg = NULL;
        struct ledger *l;
        int c, r = EXIT_OK;

        optind = 0;
        while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
                if (c != 'r')
                        return EXIT_USAGE;
                role_arg = optarg;
        }
        if (optind + 1 == argc && strcmp(argv[optind], "list") == 0)
                return user_list(pc);
        if (optind + 2 != argc || strcmp(argv[optind], "add") != 0 || !role_arg)
                return EXIT_USAGE;
        if (role_parse(role_arg, &role) < 0) {
                fprintf(stderr, "posctl: role '%s' is not cashier, manager or admin\n", role_arg);
                return EXIT_USAGE;
        }
        if (posctl_read_pin(pin) < 0) {
                fprintf(stderr, "posctl: a PIN is %d to %d digits\n", PIN_MIN, PIN_MAX);
                return EXIT_FAILED;
        }
        if (!(l = posctl_open(pc, 0)))
                return EXIT_FAILED;
        if (user_add(l, argv[optind + 1], role, pin, NULL) < 0)
                r = posctl_fail(l, "user add");
        else
                printf("added %s %s\n", role_name(role), argv[optind + 1]);
        explicit_bzero(pin, sizeof(pin));
        ledger_close(l);
        return r;
}
