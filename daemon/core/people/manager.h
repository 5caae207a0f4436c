/* A manager's say, for acts done away from a request's actor (postings carry names). */
#ifndef POSD_MANAGER_H
#define POSD_MANAGER_H

struct ledger;

/* 0 when user or approver is an active manager or admin (an approver's PIN is checked
 * before it gets here); APPROVAL_REQUIRED (-EPERM) saying that what needs one. */
int user_need_manager(struct ledger *l, const char *user, const char *approver, const char *what);

#endif
