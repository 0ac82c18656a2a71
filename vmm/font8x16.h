/* font8x16.h: the screenshot's 8x16 glyphs for code page 437, one byte a
 * scan line, bit 7 the leftmost pixel. font8x16.c is generated at build
 * time from a console font (font/psf2c.c). */
#ifndef MINIKVM_FONT8X16_H
#define MINIKVM_FONT8X16_H

#include <stdint.h>

extern const uint8_t font8x16[256][16];

#endif
