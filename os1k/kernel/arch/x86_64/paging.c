/*
 * paging.c (x86-64) - address spaces (4-level page tables).
 *
 * Every process has its own PML4.  The lower half (PML4 entries 0..255) is
 * the process's own; entry 511 is copied from the kernel's PML4 (boot.S),
 * so the kernel - linked at 0xFFFFFFFF80000000 - is mapped, supervisor-only,
 * in every address space and needs no CR3 switch on a system call.
 *
 * User memory lies in [USER_BASE, USER_LIMIT) = one 2 MiB region (abi.h),
 * so a process needs exactly one PDPT, one PD and one PT besides its PML4.
 * Frames a process owns are freed with it; frames marked PTE_SHARED (the
 * program's code, which stays in the kernel image) are not.
 */
#include "kernel.h"

#define IDX(va, level) (((va) >> (12 + 9 * (level))) & 511)

int vm_init(struct vm *vm)
{
    vm->root = pmm_alloc();
    if (!vm->root)
        return -1;
    vm->pages = 1;
    u64 *t = P2V(vm->root);
    t[511] = ((u64 *)P2V(kernel_root))[511];
    return 0;
}

/* The PTE that maps va, creating missing tables when alloc is set. */
static u64 *walk(struct vm *vm, uptr va, int alloc)
{
    u64 *table = P2V(vm->root);
    for (int level = 3; level > 0; level--) {
        u64 *e = &table[IDX(va, level)];
        if (!(*e & PTE_P)) {
            if (!alloc)
                return NULL;
            u64 pa = pmm_alloc();
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
    u64 *pte = walk(vm, va, 1);
    u64 pa = pte ? pmm_alloc() : 0;
    if (!pa)
        return 0;
    vm->pages++;
    *pte = pa | flags | PTE_P;
    return pa;
}

int vm_map_shared(struct vm *vm, uptr va, uptr pa, uptr flags)
{
    u64 *pte = walk(vm, va, 1);
    if (!pte)
        return -1;
    *pte = pa | flags | PTE_SHARED | PTE_P;
    return 0;
}

int vm_user_ok(struct vm *vm, uptr va, uptr len, int write)
{
    if (va >= USER_LIMIT || len > USER_LIMIT - va)
        return 0;
    for (u64 page = va & ~(PAGE_SIZE - 1); page < va + len; page += PAGE_SIZE) {
        u64 *pte = walk(vm, page, 0);
        if (!pte || !(*pte & PTE_P) || !(*pte & PTE_U) || (write && !(*pte & PTE_W)))
            return 0;
    }
    return 1;
}

/* The page table covering the user region (NULL before anything is mapped). */
static u64 *user_pt(struct vm *vm)
{
    u64 *pte = walk(vm, USER_BASE, 0);
    return pte ? pte - IDX(USER_BASE, 0) : NULL;
}

int vm_list(struct vm *vm, struct vmentry *out, int max)
{
    u64 *pt = user_pt(vm);
    int n = 0;
    for (int i = 0; pt && i < 512 && n < max; i++) {
        if (!(pt[i] & PTE_P))
            continue;
        out[n].va = (USER_BASE & ~0x1FFFFFUL) + ((u64)i << 12);
        out[n].pa = pt[i] & PTE_ADDR;
        out[n].flags = ((pt[i] & PTE_W) ? VM_WRITE : 0) | ((pt[i] & PTE_SHARED) ? VM_SHARED : 0);
        n++;
    }
    return n;
}

void vm_destroy(struct vm *vm)
{
    u64 *pt = user_pt(vm);
    for (int i = 0; pt && i < 512; i++)
        if ((pt[i] & PTE_P) && !(pt[i] & PTE_SHARED))
            pmm_free(pt[i] & PTE_ADDR);
    /* the three tables above the PT, then the PML4 itself */
    u64 *pml4 = P2V(vm->root);
    if (pml4[IDX(USER_BASE, 3)] & PTE_P) {
        u64 *pdpt = P2V(pml4[IDX(USER_BASE, 3)] & PTE_ADDR);
        if (pdpt[IDX(USER_BASE, 2)] & PTE_P) {
            u64 *pd = P2V(pdpt[IDX(USER_BASE, 2)] & PTE_ADDR);
            if (pd[IDX(USER_BASE, 1)] & PTE_P)
                pmm_free(pd[IDX(USER_BASE, 1)] & PTE_ADDR);
            pmm_free(V2P(pd));
        }
        pmm_free(V2P(pdpt));
    }
    pmm_free(vm->root);
    vm->root = 0;
    vm->pages = 0;
}
