/* kernel/heap.h - the static heap mbedTLS allocates from while verifying the image. */
#ifndef MV_HEAP_H
#define MV_HEAP_H

#include "kernel/types.h"

/* Sized from a measurement (see docs/image-format.md): ECDSA P-256 and
 * RSA-3072 verification peak well below this. */
#define MV_HEAP_SIZE (48 * 1024)

void *heap_calloc(size_t n, size_t size);
void heap_free(void *p);

/* Bytes in use now and at most so far (including block headers). */
u64 heap_used(void);
u64 heap_peak(void);

#endif
