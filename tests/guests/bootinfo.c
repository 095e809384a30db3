/* Prints what the tender handed over: boot info fields and the entry state it can observe. */
#include "support/guest.h"

static void field(const char *name, u64 value)
{
    puts_str(name);
    puts_str("=");
    put_hex(value);
    puts_str("\n");
}

int guest_main(const char *cmdline)
{
    u64 cr0, cr3, cr4;
    __asm__ __volatile__("mov %%cr0, %0" : "=r"(cr0));
    __asm__ __volatile__("mov %%cr3, %0" : "=r"(cr3));
    __asm__ __volatile__("mov %%cr4, %0" : "=r"(cr4));
    field("boot_info", (u64)boot_info);
    field("mem_size", boot_info->mem_size);
    field("kernel_end", boot_info->kernel_end);
    field("cpu_cycle_freq_mod_1000", boot_info->cpu_cycle_freq % 1000);
    field("cpu_cycle_freq_nonzero", boot_info->cpu_cycle_freq != 0);
    field("cmdline", boot_info->cmdline);
    field("mft", boot_info->mft);
    field("host_features", boot_info->host_features);
    field("net_ring", boot_info->net_ring);
    field("mft_entries", ((struct mft *)boot_info->mft)->entries);
    field("cmdline_len", strlen(cmdline));
    field("entry_rsp", entry_rsp);
    field("entry_rdi", entry_rdi);
    field("cr0", cr0);
    field("cr3", cr3);
    field("cr4", cr4);
    field("entry_rflags", entry_rflags);
    return 0;
}
