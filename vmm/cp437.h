/* cp437.h: code page 437 (the text screen's characters) to Unicode. */
#ifndef MINIKVM_CP437_H
#define MINIKVM_CP437_H

#include <stdint.h>

extern const uint16_t cp437_unicode[256];
/* One character as UTF-8 into out (at least 4 bytes); its length (1-3). */
unsigned cp437_utf8(uint8_t byte, char *out);

#endif
