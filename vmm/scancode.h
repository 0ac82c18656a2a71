/* scancode.h: a US keyboard in scan-code set 1, both ways: the bytes a
 * person types (or a script holds, with the terminal's escape sequences
 * for arrows and function keys) as make and break codes, and a make code
 * with the shift state as the BIOS's key word (scan code << 8 | ASCII). */
#ifndef MINIKVM_SCANCODE_H
#define MINIKVM_SCANCODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SC_EXTENDED   0xe0     /* prefix of the grey keys (arrows, ...) */
#define SC_BREAK      0x80     /* make | SC_BREAK = break */
#define SC_LCTRL      0x1d
#define SC_LSHIFT     0x2a
#define SC_RSHIFT     0x36
#define SC_LALT       0x38
#define SC_CAPS       0x3a
#define SC_MAX_BYTES  12       /* the longest sequence one key makes */

/* One key: its scan code, whether it is a grey (E0) key, and the
 * modifiers held with it. */
struct key_press {
	uint8_t code;
	bool extended, shift, ctrl, alt;
};

/* Parse one key from text[0..len): returns the bytes it used (>= 1), or
 * 0 if text[0] is no key (the byte is dropped). An escape sequence that
 * may still be incomplete (more bytes could come) returns -1 when `more`. */
int scancode_parse(const uint8_t *text, size_t len, bool more, struct key_press *key);
/* The make and break bytes of a key press, modifiers around it: count. */
unsigned scancode_bytes(const struct key_press *key, uint8_t out[SC_MAX_BYTES]);

/* The BIOS key word for a make code (not a modifier), given the shift
 * state; 0 if the key gives none. */
uint16_t scancode_key_word(uint8_t code, bool extended, bool shift, bool ctrl, bool alt, bool caps);

#endif
