/* Network transmit throughput for the benchmark (bench/Hvt.Bench "net"): tx N SIZE sends N
   frames of SIZE bytes (60..1514) on "service0" with NET_WRITE, then halts 0. The frames go to a
   locally administered unicast MAC with the local experimental EtherType 0x88b5, so the host
   kernel counts them on the tap and drops them without protocol work. N = 0 is the baseline. */
#include "support/guest.h"

static u8 frame[1514];

int guest_main(const char *cmdline)
{
    (void)cmdline;
    int index = mft_find("service0", MFT_DEV_NET_BASIC);
    if (index < 0 || !mft_entry(index)->attached) { puts_str("netbench: no service0\n"); return 1; }
    if (!word_is(0, "tx")) { puts_str("netbench: MODE must be tx\n"); return 3; }
    u64 n = parse_u64(word(1)), size = parse_u64(word(2));
    if (size < 60 || size > sizeof frame) { puts_str("netbench: SIZE must be 60..1514\n"); return 3; }
    static const u8 header[14] = { 0x02, 0x00, 0x00, 0xbe, 0x4c, 0x01, 0, 0, 0, 0, 0, 0, 0x88, 0xb5 };
    memcpy(frame, header, sizeof header);
    memcpy(frame + 6, mft_entry(index)->u.net_basic.mac, 6);
    for (u64 i = 0; i < n; i++) {
        volatile struct hvt_hc_net w = { (u64)index, (u64)frame, size, -1, {0} };
        hypercall(HVT_HYPERCALL_NET_WRITE, &w);
        if (w.ret != SOLO5_R_OK) { puts_str("netbench: write failed\n"); return 1; }
    }
    return 0;
}
