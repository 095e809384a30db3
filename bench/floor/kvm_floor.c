/*
 * kvm_floor: the least a tender can do to run a Solo5 hvt test guest, used as the floor the
 * Solo5Net tender is compared against (bench/Hvt.Bench). Same steps as a real tender, nothing
 * more: create the VM, load the ELF PT_LOAD segments, identity-map memory with 2 MiB pages,
 * enter long mode in one KVM_SET_SREGS, copy the manifest note, write the boot info and command
 * line, then loop on KVM_RUN serving WALLTIME, PUTS, POLL, HALT and the block and net hypercalls.
 * Devices: -b FILE attaches FILE to every BLOCK_BASIC entry (512-byte blocks), -t TAP the tap TAP
 * (in the caller's network namespace) to every NET_BASIC entry. No manifest or range checks,
 * no error prose: it is the floor.
 *
 * usage: kvm_floor [-b FILE] [-t TAP] MEM_MIB KERNEL [ARGS...]   exit status = HALT status & 0xff
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <linux/kvm.h>
#include <poll.h>
#include <elf.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "hvt_abi.h"

#define BOOT_INFO HVT_BOOT_INFO_BASE
#define MFT HVT_MANIFEST_BASE
#define MFT1 0x3154464DU
#define MAX_DEVICES MFT_MAX_ENTRIES
#define PORT(name) (HVT_HYPERCALL_PIO_BASE + HVT_HYPERCALL_##name)
#define GDT 0x1000UL
#define PML4 0x2000UL
#define PDPT 0x3000UL
#define PD 0x4000UL

static void die(const char *what)
{
    perror(what);
    exit(1);
}

static int xioctl(int fd, unsigned long req, void *arg, const char *what)
{
    int r = ioctl(fd, req, arg);
    if (r < 0) die(what);
    return r;
}

/* Copies the MFT1 note's struct mft to MFT; returns its size (0 if the image has none). */
static uint64_t copy_manifest(const uint8_t *file, const Elf64_Phdr *ph, uint8_t *mem)
{
    const uint8_t *note = file + ph->p_offset, *end = note + ph->p_filesz;
    while (note + 12 <= end) {
        uint32_t namesz = ((const uint32_t *)note)[0], descsz = ((const uint32_t *)note)[1];
        const uint8_t *desc = note + 12 + ((namesz + 3) & ~3U);
        if (((const uint32_t *)note)[2] == MFT1 && descsz > 4) {
            memcpy(mem + MFT, desc + 4, descsz - 4);
            return descsz - 4;
        }
        note = desc + ((descsz + 3) & ~3U);
    }
    return 0;
}

static uint64_t load_elf(const char *path, uint8_t *mem, uint64_t mem_size, uint64_t *mft_size)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) die(path);
    struct stat st;
    if (fstat(fd, &st) < 0) die("fstat");
    uint8_t *file = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (file == MAP_FAILED) die("mmap kernel");
    Elf64_Ehdr *eh = (Elf64_Ehdr *)file;
    for (int i = 0; i < eh->e_phnum; i++) {
        Elf64_Phdr *ph = (Elf64_Phdr *)(file + eh->e_phoff + (uint64_t)i * eh->e_phentsize);
        if (ph->p_type == PT_NOTE && *mft_size == 0) *mft_size = copy_manifest(file, ph, mem);
        if (ph->p_type != PT_LOAD || ph->p_filesz == 0) continue;
        if (ph->p_vaddr + ph->p_memsz > mem_size) { fprintf(stderr, "segment beyond memory\n"); exit(1); }
        memcpy(mem + ph->p_vaddr, file + ph->p_offset, ph->p_filesz);
    }
    uint64_t entry = eh->e_entry;
    munmap(file, (size_t)st.st_size);
    close(fd);
    return entry;
}

static void setup_long_mode(int vcpu, uint8_t *mem, uint64_t mem_size)
{
    uint64_t *gdt = (uint64_t *)(mem + GDT);
    gdt[1] = 0x00AF99000000FFFFUL;
    gdt[2] = 0x00CF93000000FFFFUL;
    *(uint64_t *)(mem + PML4) = PDPT | 3;
    for (int i = 0; i < 4; i++) ((uint64_t *)(mem + PDPT))[i] = (PD + 0x1000UL * (uint64_t)i) | 3;
    for (uint64_t i = 0; i * 0x200000UL < mem_size; i++) ((uint64_t *)(mem + PD))[i] = (i * 0x200000UL) | 0x83;

    struct kvm_sregs sregs;
    memset(&sregs, 0, sizeof sregs);
    struct kvm_segment code = { .base = 0, .limit = 0xffffffff, .selector = 0x08, .type = 9,
                                .present = 1, .dpl = 0, .db = 0, .s = 1, .l = 1, .g = 1 };
    struct kvm_segment data = code;
    data.selector = 0x10; data.type = 3; data.db = 1; data.l = 0;
    sregs.cs = code;
    sregs.ds = sregs.es = sregs.fs = sregs.gs = sregs.ss = data;
    sregs.tr.type = 11; sregs.tr.present = 1;
    sregs.ldt.unusable = 1;
    sregs.gdt.base = GDT; sregs.gdt.limit = 0x17;
    sregs.cr0 = 0x80010021; sregs.cr3 = PML4; sregs.cr4 = 0x620; sregs.efer = 0x500;
    xioctl(vcpu, KVM_SET_SREGS, &sregs, "KVM_SET_SREGS");
}

static void setup_cpuid(int kvm, int vcpu)
{
    size_t size = sizeof(struct kvm_cpuid2) + 100 * sizeof(struct kvm_cpuid_entry2);
    struct kvm_cpuid2 *cpuid = calloc(1, size);
    cpuid->nent = 100;
    xioctl(kvm, KVM_GET_SUPPORTED_CPUID, cpuid, "KVM_GET_SUPPORTED_CPUID");
    xioctl(vcpu, KVM_SET_CPUID2, cpuid, "KVM_SET_CPUID2");
    free(cpuid);
}

static int open_tap(const char *name)
{
    int fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) die("/dev/net/tun");
    struct ifreq ifr;
    memset(&ifr, 0, sizeof ifr);
    ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
    strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
    xioctl(fd, TUNSETIFF, &ifr, "TUNSETIFF");
    return fd;
}

/* Attaches the -b file and the -t tap to the manifest's entries; fds[i] serves handle i. */
static void attach_devices(uint8_t *mem, const char *block, const char *tap, int fds[MAX_DEVICES])
{
    struct mft *m = (struct mft *)(mem + MFT);
    for (uint32_t i = 0; i < m->entries && i < MAX_DEVICES; i++) {
        struct mft_entry *e = &m->e[i];
        if (e->type == MFT_DEV_BLOCK_BASIC && block) {
            fds[i] = open(block, O_RDWR | O_CLOEXEC);
            if (fds[i] < 0) die(block);
            struct stat st;
            if (fstat(fds[i], &st) < 0) die("fstat");
            e->u.block_basic.capacity = (uint64_t)st.st_size;
            e->u.block_basic.block_size = 512;
            e->attached = 1;
        } else if (e->type == MFT_DEV_NET_BASIC && tap) {
            fds[i] = open_tap(tap);
            static const uint8_t mac[6] = { 0x02, 0x00, 0x00, 0xf1, 0x00, 0x01 };
            memcpy(e->u.net_basic.mac, mac, 6);
            e->u.net_basic.mtu = 1500;
            e->attached = 1;
        }
    }
}

int main(int argc, char **argv)
{
    const char *block = NULL, *tap = NULL;
    int opt;
    while ((opt = getopt(argc, argv, "+b:t:")) != -1) {
        if (opt == 'b') block = optarg;
        else if (opt == 't') tap = optarg;
        else return 1;
    }
    argc -= optind - 1;
    argv += optind - 1;
    if (argc < 3) { fprintf(stderr, "usage: kvm_floor [-b FILE] [-t TAP] MEM_MIB KERNEL [ARGS...]\n"); return 1; }
    uint64_t mem_size = strtoull(argv[1], NULL, 10) << 20;

    int kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
    if (kvm < 0) die("/dev/kvm");
    int vm = xioctl(kvm, KVM_CREATE_VM, 0, "KVM_CREATE_VM");
    uint8_t *mem = mmap(NULL, mem_size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (mem == MAP_FAILED) die("mmap guest");
    struct kvm_userspace_memory_region region = { .slot = 0, .guest_phys_addr = 0,
        .memory_size = mem_size, .userspace_addr = (uint64_t)mem };
    xioctl(vm, KVM_SET_USER_MEMORY_REGION, &region, "KVM_SET_USER_MEMORY_REGION");
    int vcpu = xioctl(vm, KVM_CREATE_VCPU, 0, "KVM_CREATE_VCPU");
    int run_size = xioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0, "KVM_GET_VCPU_MMAP_SIZE");
    struct kvm_run *run = mmap(NULL, (size_t)run_size, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0);
    if (run == MAP_FAILED) die("mmap kvm_run");

    uint64_t mft_size = 0;
    uint64_t entry = load_elf(argv[2], mem, mem_size, &mft_size);
    int fds[MAX_DEVICES];
    memset(fds, -1, sizeof fds);
    if (mft_size) attach_devices(mem, block, tap, fds);
    setup_long_mode(vcpu, mem, mem_size);
    setup_cpuid(kvm, vcpu);
    int tsc_khz = xioctl(vcpu, KVM_GET_TSC_KHZ, 0, "KVM_GET_TSC_KHZ");

    uint64_t cmdline_gpa = MFT + mft_size;
    char *cmdline = (char *)(mem + cmdline_gpa);
    for (int i = 3; i < argc; i++) {
        if (i > 3) strcat(cmdline, " ");
        strcat(cmdline, argv[i]);
    }
    struct hvt_boot_info *bi = (struct hvt_boot_info *)(mem + BOOT_INFO);
    bi->mem_size = mem_size; bi->kernel_end = 0; bi->cpu_cycle_freq = (uint64_t)tsc_khz * 1000;
    bi->cmdline = cmdline_gpa; bi->mft = mft_size ? MFT : 0;

    struct kvm_regs regs;
    memset(&regs, 0, sizeof regs);
    regs.rip = entry; regs.rsp = mem_size - 8; regs.rdi = BOOT_INFO; regs.rflags = 2;
    xioctl(vcpu, KVM_SET_REGS, &regs, "KVM_SET_REGS");

    for (;;) {
        if (ioctl(vcpu, KVM_RUN, 0) < 0) die("KVM_RUN");
        if (run->exit_reason != KVM_EXIT_IO || run->io.direction != KVM_EXIT_IO_OUT || run->io.size != 4) {
            fprintf(stderr, "kvm_floor: unexpected exit %u\n", run->exit_reason);
            return 1;
        }
        uint64_t arg = *(uint32_t *)((uint8_t *)run + run->io.data_offset);
        switch (run->io.port) {
        case PORT(WALLTIME): {
            struct timespec ts;
            clock_gettime(CLOCK_REALTIME, &ts);
            ((struct hvt_hc_walltime *)(mem + arg))->nsecs = (uint64_t)ts.tv_sec * 1000000000UL + (uint64_t)ts.tv_nsec;
            break;
        }
        case PORT(PUTS): {
            struct hvt_hc_puts *p = (struct hvt_hc_puts *)(mem + arg);
            if (write(1, mem + p->data, p->len) < 0) die("write");
            break;
        }
        case PORT(POLL): {
            struct hvt_hc_poll *p = (struct hvt_hc_poll *)(mem + arg);
            struct pollfd pfds[MAX_DEVICES];
            int n = 0;
            for (int i = 0; i < MAX_DEVICES; i++)
                if (fds[i] >= 0) { pfds[n].fd = fds[i]; pfds[n].events = POLLIN; pfds[n].revents = 0; n++; }
            int ready = poll(pfds, (nfds_t)n, (int)(p->timeout_nsecs / 1000000));
            uint64_t set = 0;
            for (int i = 0, k = 0; i < MAX_DEVICES && ready > 0; i++)
                if (fds[i] >= 0 && (pfds[k++].revents & POLLIN)) set |= 1UL << i;
            p->ready_set = set;
            p->ret = ready < 0 ? 0 : ready;
            break;
        }
        case PORT(BLOCK_WRITE): case PORT(BLOCK_READ): {
            struct hvt_hc_block *b = (struct hvt_hc_block *)(mem + arg);
            int fd = fds[(uint32_t)b->handle % MAX_DEVICES];
            ssize_t done = run->io.port == PORT(BLOCK_WRITE) ? pwrite(fd, mem + b->data, b->len, (off_t)b->offset)
                                                             : pread(fd, mem + b->data, b->len, (off_t)b->offset);
            b->ret = done == (ssize_t)b->len ? SOLO5_R_OK : SOLO5_R_EUNSPEC;
            break;
        }
        case PORT(NET_WRITE): case PORT(NET_READ): {
            struct hvt_hc_net *n = (struct hvt_hc_net *)(mem + arg);
            int fd = fds[(uint32_t)n->handle % MAX_DEVICES];
            ssize_t done = run->io.port == PORT(NET_WRITE) ? write(fd, mem + n->data, n->len) : read(fd, mem + n->data, n->len);
            if (run->io.port == PORT(NET_READ) && done > 0) n->len = (uint64_t)done;
            n->ret = done > 0 ? SOLO5_R_OK : SOLO5_R_AGAIN;
            break;
        }
        case PORT(HALT):
            return ((struct hvt_hc_halt *)(mem + arg))->exit_status & 0xff;
        default:
            fprintf(stderr, "kvm_floor: port 0x%x\n", run->io.port);
            return 1;
        }
    }
}
