/* The chain's sync state, for managers: where the store's journal stands with HQ and what
 * the uploader last met. */
#include "api_int.h"
#include "ledger/journal.h"
#include "uploader.h"

/* NULL (and an answer set) when the journal cannot be read. */
json_t *sync_json(struct req *r)
{
        struct journal_sync js;
        struct sync_state st;
        json_t *o;

        if (journal_sync_get(r->l, &js) < 0) {
                reply_core(r, false);
                return NULL;
        }
        o = json_pack("{s:b,s:I,s:I,s:I,s:I,s:I}", "configured", r->api->up != NULL, "journal", (json_int_t)js.last,
                      "at_hq", (json_int_t)js.sent, "waiting", (json_int_t)(js.last - js.sent), "waiting_since",
                      (json_int_t)js.waiting_since, "hq_version", (json_int_t)js.applied);
        if (o && r->api->up) {
                uploader_state(r->api->up, &st);
                json_object_update_new(o, json_pack("{s:s,s:b,s:I,s:I,s:I,s:I,s:i,s:i,s:s*}", "hq", st.hq,
                                                    "connected", st.connected, "last_try_at", (json_int_t)st.last_try_ms,
                                                    "last_ok_at", (json_int_t)st.last_ok_ms, "next_try_at",
                                                    (json_int_t)st.next_try_ms, "sent_since_start", (json_int_t)st.taken,
                                                    "failures", st.failures, "changes_refused", st.refused, "error",
                                                    st.error[0] ? st.error : NULL));
        }
        return o;
}

void h_sync(struct req *r)
{
        json_t *o = sync_json(r);

        if (o)
                reply(r, 200, o);
}
