/* Models: a custom exception callback combined with a resource held at the throw: the
 * producer reserves a ringbuf record, validates the event and throws on bad input; the
 * callback reports the cookie. Upstream rejects the throw; the cleanup designs must discard
 * the record before the callback runs.
 *
 * manifest: prog=callback_with_record resources=ringbuf_record throws_holding=yes stress=exception-callback
 */
#include "../../include/corpus.h"

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 16);
} log_rb SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, u32);
	__type(value, u64);
	__uint(max_entries, 1);
} last_cookie SEC(".maps");

__noinline int report_throw(u64 cookie)
{
	u32 zero = 0;
	u64 *c = bpf_map_lookup_elem(&last_cookie, &zero);

	if (c)
		*c = cookie;
	return 0;
}

struct log_rec {
	u32 len;
	u32 proto;
};

SEC("tc")
__exception_cb(report_throw)
int callback_with_record(struct __sk_buff *skb)
{
	struct log_rec *r;

	r = bpf_ringbuf_reserve(&log_rb, sizeof(*r), 0);
	if (!r)
		return TC_ACT_OK;
	r->len = skb->len;
	r->proto = skb->protocol;
	bpf_assert_with(r->len >= 14, 0x100 | (r->proto & 0xff));
	bpf_ringbuf_submit(r, 0);
	return TC_ACT_OK;
}
