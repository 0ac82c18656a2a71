/*
 * paging.c (i386) - address spaces (2-level page tables).
 *
 * Every process has its own page directory.  Entries 768..1023 (the top
 * 1 GiB, KERNEL_BASE and up) are copied from the kernel's directory
 * (boot.S): 4 MiB pages, supervisor-only, so the kernel is mapped in every
 * address space and needs no CR3 switch on a system call.
 *
 * User memory lies in [USER_BASE, USER_LIMIT) (abi.h), inside the 4 MiB
 * of directory entry 1, so a process needs one page table besides its
 * directory, with 4 KiB pages.  Frames a process owns are freed with it;
 * frames marked PTE_SHARED (the program's code, which stays in the kernel
 * image) are not.
 */
#include "kernel.h"

#define PDX(va) ((va) >> 22)
#define PTX(va) (((va) >> 12) & 1023)
#define KERNEL_PDX PDX(KERNEL_BASE)

int vm_init(struct vm *vm)
{
    vm->root = pmm_alloc();
    if (!vm->root)
        return -1;
    vm->pages = 1;
    u32 *pd = P2V(vm->root);
    const u32 *kpd = P2V(kernel_root);
    memcpy(pd + KERNEL_PDX, kpd + KERNEL_PDX, (1024 - KERNEL_PDX) * sizeof(u32));
    return 0;
}

/* The PTE that maps va, creating the page table when alloc is set. */
static u32 *walk(struct vm *vm, uptr va, int alloc)
{
    u32 *pde = (u32 *)P2V(vm->root) + PDX(va);
    if (!(*pde & PTE_P)) {
        if (!alloc)
            return NULL;
        uptr pa = pmm_alloc();
        if (!pa)
            return NULL;
        vm->pages++;
        *pde = pa | PTE_P | PTE_W | PTE_U;
    }
    return (u32 *)P2V(*pde & PTE_ADDR) + PTX(va);
}

uptr vm_alloc_page(struct vm *vm, uptr va, uptr flags)
{
    u32 *pte = walk(vm, va, 1);
    uptr pa = pte ? pmm_alloc() : 0;
    if (!pa)
        return 0;
    vm->pages++;
    *pte = pa | flags | PTE_P;
    return pa;
}

int vm_map_shared(struct vm *vm, uptr va, uptr pa, uptr flags)
{
    u32 *pte = walk(vm, va, 1);
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
        u32 *pte = walk(vm, page, 0);
        if (!pte || !(*pte & PTE_P) || !(*pte & PTE_U) || (write && !(*pte & PTE_W)))
            return 0;
    }
    return 1;
}

/* The page table covering the user region (NULL before anything is mapped). */
static u32 *user_pt(struct vm *vm)
{
    u32 *pte = walk(vm, USER_BASE, 0);
    return pte ? pte - PTX(USER_BASE) : NULL;
}

int vm_list(struct vm *vm, struct vmentry *out, int max)
{
    u32 *pt = user_pt(vm);
    int n = 0;
    for (int i = 0; pt && i < 1024 && n < max; i++) {
        if (!(pt[i] & PTE_P))
            continue;
        out[n].va = (USER_BASE & ~0x3FFFFFUL) + ((uptr)i << 12);
        out[n].pa = pt[i] & PTE_ADDR;
        out[n].flags = ((pt[i] & PTE_W) ? VM_WRITE : 0) | ((pt[i] & PTE_SHARED) ? VM_SHARED : 0);
        n++;
    }
    return n;
}

void vm_destroy(struct vm *vm)
{
    u32 *pt = user_pt(vm);
    for (int i = 0; pt && i < 1024; i++)
        if ((pt[i] & PTE_P) && !(pt[i] & PTE_SHARED))
            pmm_free(pt[i] & PTE_ADDR);
    if (pt)
        pmm_free(V2P(pt));
    pmm_free(vm->root);
    vm->root = 0;
    vm->pages = 0;
}
