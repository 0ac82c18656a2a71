/* sort.c - quicksort the numbers given (or 16 pseudo-random ones). */
#include "ulib.h"

static void quicksort(long *a, int lo, int hi)
{
    while (lo < hi) {
        long pivot = a[(lo + hi) / 2];
        int i = lo, j = hi;
        while (i <= j) {
            while (a[i] < pivot) i++;
            while (a[j] > pivot) j--;
            if (i <= j) {
                long t = a[i];
                a[i++] = a[j];
                a[j--] = t;
            }
        }
        if (j - lo < hi - i) {              /* recurse on the smaller side */
            quicksort(a, lo, j);
            lo = i;
        } else {
            quicksort(a, i, hi);
            hi = j;
        }
    }
}

static void show(const char *label, long *a, int n)
{
    printf("%s", label);
    for (int i = 0; i < n; i++)
        printf(" %ld", a[i]);
    printf("\n");
}

int main(int argc, char **argv)
{
    long a[32];
    int n = 0;
    if (argc > 33) {
        puts("sort: at most 32 numbers");
        return 1;
    }
    for (int i = 1; i < argc; i++) {
        if (parse_long(argv[i], &a[n]) < 0) {
            printf("sort: not a number: %s\n", argv[i]);
            return 1;
        }
        n++;
    }
    if (n == 0) {
        u64 seed = 2026;          /* a fixed seed: the same list every run */
        for (; n < 16; n++) {
            seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
            a[n] = (seed >> 33) % 1000;
        }
    }
    show("input: ", a, n);
    quicksort(a, 0, n - 1);
    show("sorted:", a, n);
    return 0;
}
