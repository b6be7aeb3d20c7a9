/* Models: packet sampling to user space from tc (pwru / retis / Cilium monitor style):
 * reserve a record, copy headers with bpf_skb_load_bytes, assert the copy worked, submit
 * or discard by a sampling decision.
 *
 * manifest: prog=pkt_sample resources=ringbuf_record throws_holding=yes stress=submit-or-discard
 */
#include "../../include/corpus.h"

char LICENSE[] SEC("license") = "GPL";

struct sample {
	u32 len;
	u32 ifindex;
	u8 head[64];
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 20);
} samples SEC(".maps");

SEC("tc")
int pkt_sample(struct __sk_buff *skb)
{
	struct sample *s;
	long err;

	if (skb->len < sizeof(s->head))
		return TC_ACT_OK;
	s = bpf_ringbuf_reserve(&samples, sizeof(*s), 0);
	if (!s)
		return TC_ACT_OK;
	s->len = skb->len;
	s->ifindex = skb->ifindex;
	err = bpf_skb_load_bytes(skb, 0, s->head, sizeof(s->head));
	bpf_assert_with(err == 0, TC_ACT_OK);
	if (bpf_get_prandom_u32() % 64)
		bpf_ringbuf_discard(s, 0);
	else
		bpf_ringbuf_submit(s, 0);
	return TC_ACT_OK;
}
