/* Network: answers ARP and ICMP echo requests for 10.0.0.2 through solo5_net_read/write (ring
   I/O when the tender offers it), sleeping in solo5_yield between frames; succeeds after LIMIT
   echo replies (the command line, default 5), gives up after 60 s. */
#include "puts.h"

static const uint8_t our_ip[4] = { 10, 0, 0, 2 };
static uint8_t our_mac[SOLO5_NET_ALEN];
static uint8_t frame[1514 + 64];

static uint16_t get16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static void put16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)(v >> 8); p[1] = (uint8_t)v; }
static void copy(uint8_t *dst, const uint8_t *src, size_t n) { while (n--) *dst++ = *src++; }
static int same(const uint8_t *a, const uint8_t *b, size_t n)
{
    while (n--) if (*a++ != *b++) return 0;
    return 1;
}

static uint16_t checksum(const uint8_t *p, size_t n)
{
    uint32_t sum = 0;
    for (; n > 1; p += 2, n -= 2) sum += get16(p);
    if (n) sum += (uint32_t)p[0] << 8;
    while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
    return (uint16_t)~sum;
}

/* Turns the frame into its reply in place; returns the reply's length, 0 for no reply, and sets
   *echo for an echo reply. */
static size_t answer(size_t len, int *echo)
{
    uint8_t *eth = frame, *payload = frame + SOLO5_NET_HLEN;
    *echo = 0;
    if (len < SOLO5_NET_HLEN + 28) return 0;
    uint16_t type = get16(eth + 12);
    if (type == 0x0806 && get16(payload + 6) == 1 && same(payload + 24, our_ip, 4)) {
        copy(payload + 18, payload + 8, 10);            /* target = the sender */
        copy(payload + 8, our_mac, SOLO5_NET_ALEN);     /* sender = us */
        copy(payload + 14, our_ip, 4);
        put16(payload + 6, 2);                          /* reply */
    } else if (type == 0x0800 && payload[9] == 1 && same(payload + 16, our_ip, 4)) {
        size_t ihl = (size_t)(payload[0] & 15) * 4, total = get16(payload + 2);
        if (total > len - SOLO5_NET_HLEN || total < ihl + 8 || payload[ihl] != 8) return 0;
        uint8_t ip[4];
        copy(ip, payload + 12, 4);                      /* swap the addresses */
        copy(payload + 12, payload + 16, 4);
        copy(payload + 16, ip, 4);
        uint8_t *icmp = payload + ihl;
        icmp[0] = 0;                                    /* echo reply */
        put16(icmp + 2, 0);
        put16(icmp + 2, checksum(icmp, total - ihl));
        *echo = 1;
        len = SOLO5_NET_HLEN + total;
    } else {
        return 0;
    }
    copy(eth, eth + 6, SOLO5_NET_ALEN);
    copy(eth + 6, our_mac, SOLO5_NET_ALEN);
    return len;
}

int solo5_app_main(const struct solo5_start_info *si)
{
    puts("\n**** Solo5 standalone test_net ****\n\n");
    uint64_t limit = 0;
    for (const char *s = si->cmdline; *s >= '0' && *s <= '9'; s++) limit = limit * 10 + (uint64_t)(*s - '0');
    if (limit == 0) limit = 5;

    solo5_handle_t h;
    struct solo5_net_info info;
    if (solo5_net_acquire("service0", &h, &info) != SOLO5_R_OK) {
        puts("FAILURE: solo5_net_acquire\n");
        return SOLO5_EXIT_FAILURE;
    }
    copy(our_mac, info.mac_address, SOLO5_NET_ALEN);
    if (info.mtu + SOLO5_NET_HLEN > sizeof frame) {
        puts("FAILURE: MTU too large\n");
        return SOLO5_EXIT_FAILURE;
    }
    size_t got;
    if (solo5_net_read(h, frame, 16, &got) != SOLO5_R_EINVAL) {
        puts("FAILURE: a buffer smaller than MTU + 14 accepted\n");
        return SOLO5_EXIT_FAILURE;
    }
    puts("Serving 10.0.0.2\n");

    uint64_t replies = 0;
    solo5_time_t give_up = solo5_clock_monotonic() + 60ULL * 1000000000ULL;
    while (replies < limit) {
        if (solo5_clock_monotonic() > give_up) {
            puts("FAILURE: timed out\n");
            return SOLO5_EXIT_FAILURE;
        }
        solo5_handle_set_t ready = 0;
        solo5_yield(solo5_clock_monotonic() + 1000000000ULL, &ready);
        if (!(ready & (1ULL << h))) continue;
        while (replies < limit) {                      /* requests may queue up: answer exactly limit */
            solo5_result_t r = solo5_net_read(h, frame, info.mtu + SOLO5_NET_HLEN, &got);
            if (r == SOLO5_R_AGAIN) break;
            if (r != SOLO5_R_OK) {
                puts("FAILURE: solo5_net_read\n");
                return SOLO5_EXIT_FAILURE;
            }
            int echo;
            size_t n = answer(got, &echo);
            if (n == 0) continue;
            if (solo5_net_write(h, frame, n) != SOLO5_R_OK) {
                puts("FAILURE: solo5_net_write\n");
                return SOLO5_EXIT_FAILURE;
            }
            replies += (uint64_t)echo;
        }
    }
    puts("replied to ");
    put_dec(replies);
    puts(" echo requests\nSUCCESS\n");
    return SOLO5_EXIT_SUCCESS;
}
