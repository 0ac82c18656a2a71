/*
 * heap.c - kmalloc/kfree for small kernel objects (process structures).
 *
 * Every block starts with a 16-byte header holding its size.  Free blocks
 * sit on a list sorted by address, so kfree can merge a block with its
 * free neighbours.  kmalloc takes the first block that fits, splitting it
 * when the rest is worth keeping, and asks pmm.c for another page when
 * nothing fits.  Objects must fit in one page.
 */
#include "kernel.h"

struct block {
    size_t size;                /* whole block, header included */
    struct block *next;         /* free list link (free blocks only) */
};
#define HDR sizeof(struct block)

static struct block *free_list;
static long heap_pages, heap_used;

static void insert_free(struct block *b)
{
    struct block *prev = NULL, *cur = free_list;
    while (cur && cur < b) {
        prev = cur;
        cur = cur->next;
    }
    b->next = cur;
    if (prev)
        prev->next = b;
    else
        free_list = b;
    if (cur && (char *)b + b->size == (char *)cur) {            /* merge with the next */
        b->size += cur->size;
        b->next = cur->next;
    }
    if (prev && (char *)prev + prev->size == (char *)b) {      /* merge with the previous */
        prev->size += b->size;
        prev->next = b->next;
    }
}

void *kmalloc(size_t n)
{
    size_t need = ((n + 15) & ~15UL) + HDR;
    if (need > PAGE_SIZE)
        return NULL;
    for (;;) {
        for (struct block **pp = &free_list; *pp; pp = &(*pp)->next) {
            struct block *b = *pp;
            if (b->size < need)
                continue;
            if (b->size - need >= HDR + 32) {                         /* split */
                struct block *rest = (struct block *)((char *)b + need);
                rest->size = b->size - need;
                rest->next = b->next;
                *pp = rest;
                b->size = need;
            } else {
                *pp = b->next;
            }
            heap_used += b->size;
            return b + 1;
        }
        uptr pa = pmm_alloc();
        if (!pa)
            return NULL;
        heap_pages++;
        struct block *b = P2V(pa);
        b->size = PAGE_SIZE;
        insert_free(b);
    }
}

void kfree(void *p)
{
    if (!p)
        return;
    struct block *b = (struct block *)p - 1;
    heap_used -= b->size;
    insert_free(b);
}

void heap_info(struct meminfo *mi)
{
    mi->heap_pages = heap_pages;
    mi->heap_used = heap_used;
}
