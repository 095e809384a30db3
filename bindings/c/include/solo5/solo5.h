/*
 * The Solo5 guest API, version 0.9 (docs/hvt-abi.md §9): what a unikernel is written against.
 * Names, types and values are Solo5's, so a program written for Solo5 compiles unchanged.
 * Implemented for hvt by Solo5Net's C bindings (bindings/c, docs/c-guide.md).
 */
#ifndef SOLO5_H
#define SOLO5_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* hvt_abi.h (docs/abi.md §6) defines the same values as macros; either header may come first. */
#pragma push_macro("SOLO5_R_OK")
#pragma push_macro("SOLO5_R_AGAIN")
#pragma push_macro("SOLO5_R_EINVAL")
#pragma push_macro("SOLO5_R_EUNSPEC")
#undef SOLO5_R_OK
#undef SOLO5_R_AGAIN
#undef SOLO5_R_EINVAL
#undef SOLO5_R_EUNSPEC
typedef enum {
    SOLO5_R_OK,         /* success */
    SOLO5_R_AGAIN,      /* try again later (nothing to read) */
    SOLO5_R_EINVAL,     /* invalid argument */
    SOLO5_R_EUNSPEC     /* unspecified error */
} solo5_result_t;
#pragma pop_macro("SOLO5_R_OK")
#pragma pop_macro("SOLO5_R_AGAIN")
#pragma pop_macro("SOLO5_R_EINVAL")
#pragma pop_macro("SOLO5_R_EUNSPEC")

/* A device handle: the index of its manifest entry. */
typedef uint64_t solo5_handle_t;
/* A set of handles: bit i stands for handle i. */
typedef uint64_t solo5_handle_set_t;
/* Nanoseconds. */
typedef uint64_t solo5_time_t;
/* A byte offset on a block device. */
typedef uint64_t solo5_off_t;

struct solo5_start_info {
    const char *cmdline;    /* the command line, without leading --solo5: options */
    uintptr_t heap_start;   /* free memory from here ... */
    size_t heap_size;       /* ... this many bytes; the stack shares its top */
};

/* Provided by the application; its return value is the exit status. */
int solo5_app_main(const struct solo5_start_info *info);

#define SOLO5_EXIT_SUCCESS 0
#define SOLO5_EXIT_FAILURE 1
#define SOLO5_EXIT_ABORT 255    /* 255 and up are reserved for Solo5 */

void solo5_exit(int status) __attribute__((noreturn));
void solo5_abort(void) __attribute__((noreturn));

/* Thread-local storage (x86-64 variant II): the size of a TLS block for this image, the thread
   pointer of the block at tls, and a block's initialisation from the image's .tdata/.tbss. */
size_t solo5_tls_size(void);
uintptr_t solo5_tls_tp_offset(uintptr_t tls);
solo5_result_t solo5_tls_init(uintptr_t tls);
/* Sets the thread pointer (FS base on x86-64). */
solo5_result_t solo5_set_tls_base(uintptr_t base);

/* Nanoseconds since an arbitrary point at boot. */
solo5_time_t solo5_clock_monotonic(void);
/* Nanoseconds since the Unix epoch. */
solo5_time_t solo5_clock_wall(void);

/* Sleeps until the monotonic clock reaches deadline or a device is ready; *ready_set (if not
   NULL) gets the ready handles. */
void solo5_yield(solo5_time_t deadline, solo5_handle_set_t *ready_set);

void solo5_console_write(const char *buf, size_t size);

#define SOLO5_NET_ALEN 6
#define SOLO5_NET_HLEN 14

struct solo5_net_info {
    uint8_t mac_address[SOLO5_NET_ALEN];
    size_t mtu;             /* without the Ethernet header */
};

solo5_result_t solo5_net_acquire(const char *name, solo5_handle_t *handle,
        struct solo5_net_info *info);
/* Sends one Ethernet frame. */
solo5_result_t solo5_net_write(solo5_handle_t handle, const uint8_t *buf, size_t size);
/* Receives one frame into buf (at least mtu + SOLO5_NET_HLEN bytes); SOLO5_R_AGAIN if none. */
solo5_result_t solo5_net_read(solo5_handle_t handle, uint8_t *buf, size_t size,
        size_t *read_size);

struct solo5_block_info {
    solo5_off_t capacity;   /* bytes */
    solo5_off_t block_size; /* bytes */
};

solo5_result_t solo5_block_acquire(const char *name, solo5_handle_t *handle,
        struct solo5_block_info *info);
/* One block: offset a multiple of block_size, size exactly block_size. */
solo5_result_t solo5_block_write(solo5_handle_t handle, solo5_off_t offset,
        const uint8_t *buf, size_t size);
solo5_result_t solo5_block_read(solo5_handle_t handle, solo5_off_t offset,
        uint8_t *buf, size_t size);

#ifdef __cplusplus
}
#endif

#endif /* SOLO5_H */
