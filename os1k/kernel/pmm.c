/*
 * pmm.c - the physical page-frame allocator.
 *
 * Free RAM is one range [lo, hi).  Frames never used before are handed out
 * from the top of the range downwards (a "bump" pointer); freed frames go
 * on a linked list threaded through the frames themselves and are reused
 * first.  Both operations are O(1), and so is setup - important when every
 * kernel instruction is emulated.  Handing out from the top keeps frame
 * addresses independent of the kernel's size.
 */
#include "kernel.h"

static uptr lo, bump;           /* never-used frames are [lo, bump)   */
static uptr free_list;          /* physical address of a freed frame  */
static long total, nfree;

void pmm_init(uptr start, uptr end)
{
    lo = (start + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);
    bump = end & ~(PAGE_SIZE - 1);
    total = nfree = (bump - lo) / PAGE_SIZE;
}

/* A zeroed 4 KiB frame, or 0 when memory is exhausted. */
uptr pmm_alloc(void)
{
    uptr pa;
    if (free_list) {
        pa = free_list;
        free_list = *(uptr *)P2V(pa);
    } else if (bump > lo) {
        bump -= PAGE_SIZE;
        pa = bump;
    } else {
        return 0;
    }
    nfree--;
    memset(P2V(pa), 0, PAGE_SIZE);
    return pa;
}

void pmm_free(uptr pa)
{
    *(uptr *)P2V(pa) = free_list;
    free_list = pa;
    nfree++;
}

void pmm_info(struct meminfo *mi)
{
    mi->total_frames = total;
    mi->free_frames = nfree;
}
