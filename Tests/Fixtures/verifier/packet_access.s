; Direct packet access (check_packet_access, try_match_pkt_pointers, find_good_pkt_pointers):
; a `data + n > data_end` comparison proves n bytes, on the right side only, for every copy of
; the pointer; variable offsets need their own proof; helpers that move the packet invalidate
; the pointers. manifest.json holds the running kernel's verdicts.
; bpfsim: section=xdp license=GPL

; case: checked_read: data + 14 > data_end guards a 14-byte header (verifier_xdp_direct_packet_access.c)
r2 = *(u32 *)(r1 + 0)
r3 = *(u32 *)(r1 + 4)
r4 = r2
r4 += 14
if r4 > r3 goto out
r0 = *(u16 *)(r2 + 12)
out:
r0 = 2
exit

; case: unchecked_read: no comparison at all (check_packet_access)
r2 = *(u32 *)(r1 + 0)
r0 = *(u8 *)(r2 + 0)
r0 = 2
exit

; case: read_past_proof: the proof covers 14 bytes, the read is at 14 (check_packet_access)
r2 = *(u32 *)(r1 + 0)
r3 = *(u32 *)(r1 + 4)
r4 = r2
r4 += 14
if r4 > r3 goto out
r0 = *(u8 *)(r2 + 14)
out:
r0 = 2
exit

; case: wrong_side: reading on the side where data + 14 > data_end (try_match_pkt_pointers)
r2 = *(u32 *)(r1 + 0)
r3 = *(u32 *)(r1 + 4)
r4 = r2
r4 += 14
if r4 > r3 goto bad
r0 = 2
exit
bad:
r0 = *(u8 *)(r2 + 0)
r0 = 2
exit

; case: end_first_compare: data_end < data + 14 is the same proof reversed (BPF_JLT with pkt_end left)
r2 = *(u32 *)(r1 + 0)
r3 = *(u32 *)(r1 + 4)
r4 = r2
r4 += 14
if r3 < r4 goto out
r0 = *(u16 *)(r2 + 12)
out:
r0 = 2
exit

; case: ge_compare: data + 14 >= data_end proves 13 bytes (BPF_JGE is one byte stricter)
r2 = *(u32 *)(r1 + 0)
r3 = *(u32 *)(r1 + 4)
r4 = r2
r4 += 14
if r4 >= r3 goto out
r0 = *(u8 *)(r2 + 13)
out:
r0 = 2
exit

; case: le_taken_side: data + 14 <= data_end proves 14 bytes where it is taken (BPF_JLE)
r2 = *(u32 *)(r1 + 0)
r3 = *(u32 *)(r1 + 4)
r4 = r2
r4 += 14
if r4 <= r3 goto ok
r0 = 2
exit
ok:
r0 = *(u16 *)(r2 + 12)
r0 = 2
exit

; case: jmp32_compare_no_proof: a 32-bit comparison of packet pointers proves nothing (try_match_pkt_pointers: BPF_JMP only)
r2 = *(u32 *)(r1 + 0)
r3 = *(u32 *)(r1 + 4)
r4 = r2
r4 += 14
if w4 > w3 goto out
r0 = *(u8 *)(r2 + 0)
out:
r0 = 2
exit

; case: copy_shares_range: the original pointer gets the range proved through its copy (same id)
r2 = *(u32 *)(r1 + 0)
r3 = *(u32 *)(r1 + 4)
r4 = r2
r4 += 8
if r4 > r3 goto out
r0 = *(u32 *)(r4 - 4)
r0 = *(u32 *)(r2 + 4)
out:
r0 = 2
exit

; case: variable_offset_needs_new_proof: adding a variable makes a new pointer with no range (check_packet_access)
r2 = *(u32 *)(r1 + 0)
r3 = *(u32 *)(r1 + 4)
r4 = r2
r4 += 14
if r4 > r3 goto out
r5 = *(u8 *)(r2 + 0)
r5 &= 15
r2 += r5
r0 = *(u8 *)(r2 + 0)
out:
r0 = 2
exit

; case: variable_offset_proved: the moved pointer checked again may be read (find_good_pkt_pointers with var_off)
r2 = *(u32 *)(r1 + 0)
r3 = *(u32 *)(r1 + 4)
r4 = r2
r4 += 14
if r4 > r3 goto out
r5 = *(u8 *)(r2 + 0)
r5 &= 15
r2 += r5
r4 = r2
r4 += 2
if r4 > r3 goto out
r0 = *(u16 *)(r2 + 0)
out:
r0 = 2
exit

; case: negative_offset_read: a read before data (check_packet_access, off < 0)
r2 = *(u32 *)(r1 + 0)
r3 = *(u32 *)(r1 + 4)
r4 = r2
r4 += 14
if r4 > r3 goto out
r0 = *(u8 *)(r2 - 1)
out:
r0 = 2
exit

; case: pkt_end_arithmetic: data_end cannot be moved (adjust_ptr_min_max_vals)
r3 = *(u32 *)(r1 + 4)
r3 += -1
r0 = 2
exit

; case: pkt_end_read: data_end is not readable memory (check_mem_access)
r3 = *(u32 *)(r1 + 4)
r0 = *(u8 *)(r3 + 0)
r0 = 2
exit

; case: adjust_head_invalidates: bpf_xdp_adjust_head clears every packet pointer (clear_all_pkt_pointers)
r6 = r1
r2 = *(u32 *)(r1 + 0)
r3 = *(u32 *)(r1 + 4)
r4 = r2
r4 += 14
if r4 > r3 goto out
r7 = r2
r1 = r6
r2 = 0
call bpf_xdp_adjust_head
r0 = *(u8 *)(r7 + 0)
out:
r0 = 2
exit

; case: packet_write_xdp: XDP may write the packet (may_access_direct_pkt_data)
r2 = *(u32 *)(r1 + 0)
r3 = *(u32 *)(r1 + 4)
r4 = r2
r4 += 1
if r4 > r3 goto out
r0 = 0
*(u8 *)(r2 + 0) = r0
out:
r0 = 2
exit

; case: packet_write_cgroup_skb: cgroup_skb reads but may not write the packet (may_access_direct_pkt_data)
; bpfsim: section=cgroup_skb/ingress
r2 = *(u32 *)(r1 + 76)
r3 = *(u32 *)(r1 + 80)
r4 = r2
r4 += 1
if r4 > r3 goto out
r0 = 0
*(u8 *)(r2 + 0) = r0
out:
r0 = 1
exit

; case: meta_before_data: data_meta + 4 > data proves 4 bytes of metadata (try_match_pkt_pointers for pkt_meta)
r2 = *(u32 *)(r1 + 8)
r3 = *(u32 *)(r1 + 0)
r4 = r2
r4 += 4
if r4 > r3 goto out
r0 = *(u32 *)(r2 + 0)
out:
r0 = 2
exit
