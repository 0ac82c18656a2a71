/*
 * paging.c - address spaces: one page-table tree per process.
 *
 * The walk is the same on both architectures; arch.h says how deep the
 * tree is and how wide its tables are (x86-64: 4 levels of 512 entries,
 * i386: 2 levels of 1024) and how the kernel's half is shared.
 *
 * The kernel's top-level entries are copied from the kernel's own tree
 * (boot.S), supervisor-only, so the kernel is mapped in every address
 * space and needs no CR3 switch on a system call.
 *
 * User memory lies in [USER_BASE, USER_LIMIT) (abi.h), inside what one
 * last-level table covers, so a process needs one table per level besides
 * its root.  Frames a process owns are freed with it; frames marked
 * PTE_SHARED (the program's code, which stays in the kernel image) are not.
 */
#include "kernel.h"

#define PT_ENTRIES (1UL << PT_INDEX_BITS)
#define IDX(va, level) (((va) >> (12 + PT_INDEX_BITS * (level))) & (PT_ENTRIES - 1))
#define PT_SPAN (PT_ENTRIES << 12)          /* what one last-level table maps */

int vm_init(struct vm *vm)
{
    vm->root = pmm_alloc();
    if (!vm->root)
        return -1;
    vm->pages = 1;
    arch_share_kernel_half(P2V(vm->root), P2V(kernel_root));
    return 0;
}

/* The PTE that maps va, creating missing tables when alloc is set. */
static pte_t *walk(struct vm *vm, uptr va, int alloc)
{
    pte_t *table = P2V(vm->root);
    for (int level = PT_LEVELS - 1; level > 0; level--) {
        pte_t *e = &table[IDX(va, level)];
        if (!(*e & PTE_P)) {
            if (!alloc)
                return NULL;
            uptr pa = pmm_alloc();
            if (!pa)
                return NULL;
            vm->pages++;
            *e = pa | PTE_P | PTE_W | PTE_U;
        }
        table = P2V(*e & PTE_ADDR);
    }
    return &table[IDX(va, 0)];
}

uptr vm_alloc_page(struct vm *vm, uptr va, uptr flags)
{
    pte_t *pte = walk(vm, va, 1);
    uptr pa = pte ? pmm_alloc() : 0;
    if (!pa)
        return 0;
    vm->pages++;
    *pte = pa | flags | PTE_P;
    return pa;
}

int vm_map_shared(struct vm *vm, uptr va, uptr pa, uptr flags)
{
    pte_t *pte = walk(vm, va, 1);
    if (!pte)
        return -1;
    *pte = pa | flags | PTE_SHARED | PTE_P;
    return 0;
}

int vm_user_ok(struct vm *vm, uptr va, uptr len, int write)
{
    if (va >= USER_LIMIT || len > USER_LIMIT - va)
        return 0;
    for (uptr page = va & ~(PAGE_SIZE - 1); page < va + len; page += PAGE_SIZE) {
        pte_t *pte = walk(vm, page, 0);
        if (!pte || !(*pte & PTE_P) || !(*pte & PTE_U) || (write && !(*pte & PTE_W)))
            return 0;
    }
    return 1;
}

/* The page table covering the user region (NULL before anything is mapped). */
static pte_t *user_pt(struct vm *vm)
{
    pte_t *pte = walk(vm, USER_BASE, 0);
    return pte ? pte - IDX(USER_BASE, 0) : NULL;
}

int vm_list(struct vm *vm, struct vmentry *out, int max)
{
    pte_t *pt = user_pt(vm);
    int n = 0;
    for (uptr i = 0; pt && i < PT_ENTRIES && n < max; i++) {
        if (!(pt[i] & PTE_P))
            continue;
        out[n].va = (USER_BASE & ~(PT_SPAN - 1)) + (i << 12);
        out[n].pa = pt[i] & PTE_ADDR;
        out[n].flags = ((pt[i] & PTE_W) ? VM_WRITE : 0) | ((pt[i] & PTE_SHARED) ? VM_SHARED : 0);
        n++;
    }
    return n;
}

/* Frees the tables on the way to USER_BASE below `table` (at `level`),
 * and the frames the last one maps that the process owns. */
static void free_user_tables(pte_t *table, int level)
{
    if (level == 0) {
        for (uptr i = 0; i < PT_ENTRIES; i++)
            if ((table[i] & PTE_P) && !(table[i] & PTE_SHARED))
                pmm_free(table[i] & PTE_ADDR);
        return;
    }
    pte_t e = table[IDX(USER_BASE, level)];
    if (!(e & PTE_P))
        return;
    free_user_tables(P2V(e & PTE_ADDR), level - 1);
    pmm_free(e & PTE_ADDR);
}

void vm_destroy(struct vm *vm)
{
    free_user_tables(P2V(vm->root), PT_LEVELS - 1);
    pmm_free(vm->root);
    vm->root = 0;
    vm->pages = 0;
}
