/* lib/heap.h - the static heap mbedTLS allocates from while verifying the image. */
#ifndef MV_HEAP_H
#define MV_HEAP_H

#include "lib/types.h"

/* Sized from a measurement (make bench, docs/image-format.md): the
 * verifier's peak is 4.3 KiB for ECDSA P-256 and 7.4 KiB for RSA-3072
 * PSS, block headers included; twice the larger. */
#define MV_HEAP_SIZE (16 * 1024)

void *heap_calloc(size_t n, size_t size);
void heap_free(void *p);

/* Bytes in use now and at most so far (including block headers). */
u64 heap_used(void);
u64 heap_peak(void);

#endif
