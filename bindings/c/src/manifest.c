/* Looking devices up in the tender's copy of the manifest (docs/hvt-abi.md §7.4): the handle is
   the index of the first entry of that type whose name matches. */
#include "bindings.h"

static struct mft *manifest(void) { return (struct mft *)(uintptr_t)solo5net_boot_info->mft; }

static int name_equals(const char *entry_name, const char *name)
{
    for (size_t i = 0; i < MFT_ENTRY_NAME_SIZE; i++) {
        if (entry_name[i] != name[i]) return 0;
        if (name[i] == 0) return 1;
    }
    return 0;
}

struct mft_entry *solo5net_mft_find(const char *name, uint32_t type, solo5_handle_t *handle)
{
    struct mft *m = manifest();
    if (name == NULL) return NULL;
    for (uint32_t i = 0; i < m->entries; i++)
        if (m->e[i].type == type && name_equals(m->e[i].name, name)) {
            *handle = i;
            return &m->e[i];
        }
    return NULL;
}

struct mft_entry *solo5net_mft_get(solo5_handle_t handle, uint32_t type)
{
    struct mft *m = manifest();
    if (handle >= m->entries || m->e[handle].type != type || !m->e[handle].attached) return NULL;
    return &m->e[handle];
}
