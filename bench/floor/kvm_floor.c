/*
 * kvm_floor: the least a tender can do to run a Solo5 hvt test guest, used as the floor the
 * Solo5Net tender is compared against (bench/Hvt.Bench). Same steps as a real tender, nothing
 * more: create the VM, load the ELF PT_LOAD segments, identity-map memory with 2 MiB pages,
 * enter long mode in one KVM_SET_SREGS, write the boot info and command line, then loop on
 * KVM_RUN serving WALLTIME, PUTS and HALT. No manifest checks, no devices, no error prose.
 *
 * usage: kvm_floor MEM_MIB KERNEL [ARGS...]     exit status = guest HALT status & 0xff
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <linux/kvm.h>
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

#define BOOT_INFO 0x10000UL
#define CMDLINE 0x10100UL
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

static uint64_t load_elf(const char *path, uint8_t *mem, uint64_t mem_size)
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

int main(int argc, char **argv)
{
    if (argc < 3) { fprintf(stderr, "usage: kvm_floor MEM_MIB KERNEL [ARGS...]\n"); return 1; }
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

    uint64_t entry = load_elf(argv[2], mem, mem_size);
    setup_long_mode(vcpu, mem, mem_size);
    setup_cpuid(kvm, vcpu);
    int tsc_khz = xioctl(vcpu, KVM_GET_TSC_KHZ, 0, "KVM_GET_TSC_KHZ");

    char *cmdline = (char *)(mem + CMDLINE);
    for (int i = 3; i < argc; i++) {
        if (i > 3) strcat(cmdline, " ");
        strcat(cmdline, argv[i]);
    }
    uint64_t *bi = (uint64_t *)(mem + BOOT_INFO);
    bi[0] = mem_size; bi[1] = 0; bi[2] = (uint64_t)tsc_khz * 1000; bi[3] = CMDLINE; bi[4] = 0;

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
        case 0x501: {
            struct timespec ts;
            clock_gettime(CLOCK_REALTIME, &ts);
            *(uint64_t *)(mem + arg) = (uint64_t)ts.tv_sec * 1000000000UL + (uint64_t)ts.tv_nsec;
            break;
        }
        case 0x502: {
            uint64_t *p = (uint64_t *)(mem + arg);
            if (write(1, mem + p[0], p[1]) < 0) die("write");
            break;
        }
        case 0x508:
            return *(int32_t *)(mem + arg + 8) & 0xff;
        default:
            fprintf(stderr, "kvm_floor: port 0x%x\n", run->io.port);
            return 1;
        }
    }
}
