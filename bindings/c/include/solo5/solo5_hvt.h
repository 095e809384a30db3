/*
 * What the hvt tender handed over, for programs that need more than solo5.h: the boot info
 * (docs/hvt-abi.md §3), with the manifest the tender filled in (§7), and the registers at entry.
 * A Solo5Net extension: programs using it run on hvt tenders only.
 */
#ifndef SOLO5_HVT_H
#define SOLO5_HVT_H

#include "solo5.h"
#include "hvt_abi.h"

#ifdef __cplusplus
extern "C" {
#endif

struct solo5_hvt_entry_state {
    uint64_t rsp, rdi, rflags;   /* as the tender set them (docs/hvt-abi.md §2.2) */
};

const struct hvt_boot_info *solo5_hvt_boot_info(void);
const struct solo5_hvt_entry_state *solo5_hvt_entry_state(void);

#ifdef __cplusplus
}
#endif

#endif /* SOLO5_HVT_H */
