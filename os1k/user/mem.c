/*
 * mem.c - a memory viewer: physical frames and kernel heap use, then this
 * process's own page table (every present user page: virtual -> physical).
 * `mem N` first grows the heap by N pages with sbrk(), so you can watch new
 * frames appear in the table.
 */
#include "ulib.h"

extern char __bss_start[], _end[];

int main(int argc, char **argv)
{
    long grow = 0;
    if (argc > 1 && (parse_long(argv[1], &grow) < 0 || grow < 0 || grow > 64)) {
        puts("mem: PAGES must be a number from 0 to 64");
        return 1;
    }
    long heap = 0;
    if (grow) {
        heap = sbrk(grow);
        if (heap < 0) {
            puts("mem: sbrk failed");
            return 1;
        }
        for (long i = 0; i < grow; i++)         /* use the new memory */
            ((char *)heap)[i * 4096] = 1;
        printf("heap grown by %ld pages at 0x%lx\n", grow, heap);
    }

    struct meminfo mi;
    meminfo(&mi);
    printf("RAM %ld KiB; kernel image %ld KiB; kernel heap %ld page(s), %ld bytes in use\n",
           mi.ram_bytes >> 10, mi.kernel_bytes >> 10, mi.heap_pages, mi.heap_used);
    printf("page frames: %ld total, %ld in use, %ld free\n",
           mi.total_frames, mi.total_frames - mi.free_frames, mi.free_frames);

    static struct vmentry map[64];
    int n = vmmap(map, 64);
    printf("process %d page table (user half; the kernel half, " KERNEL_HALF "+, is shared):\n",
           getpid());
    printf("  virtual       physical    access  what\n");
    for (int i = 0; i < n; i++) {
        const char *what = "data";
        if (map[i].flags & VM_SHARED)
            what = "code (shared, in the kernel image)";
        else if (map[i].va >= USER_STACK_TOP - USER_STACK_PAGES * 4096)
            what = "stack";
        else if (heap && map[i].va >= (unsigned long)heap)
            what = "heap (sbrk)";
        else if (map[i].va >= ((unsigned long)__bss_start & ~4095UL))
            what = "data/bss";
        printf("  0x%-10lx -> 0x%-8lx %s     %s\n", map[i].va, map[i].pa,
               (map[i].flags & VM_WRITE) ? "rw-" : "r-x", what);
    }
    printf("%d pages mapped\n", n);
    return 0;
}
