/* kernel/integrity.h - checks that nothing changed the microvisor's code, constants or page tables. */
#ifndef MV_INTEGRITY_H
#define MV_INTEGRITY_H

/* Hash text, rodata and the EL2 table pages; remember the result. */
void integrity_record(void);

/*
 * Hash them again and log whether they are unchanged ("when" says at
 * which point, e.g. "after the guest"). Returns 0 if unchanged; a change
 * is a fatal error for the caller.
 */
int integrity_check(const char *when);

#endif
