/* scancode.c: the US keyboard's layout in scan-code set 1 (the codes a
 * PC's i8042 hands the BIOS after translation), and the terminal's
 * escape sequences for the keys that have no byte of their own. */
#include <string.h>
#include "scancode.h"

/* ASCII of each make code 0x00-0x39, plain and with Shift. */
static const char plain[0x3a] =
	"\0\x1b" "1234567890-=\b\t" "qwertyuiop[]\r\0" "asdfghjkl;'`\0\\" "zxcvbnm,./\0*\0 ";
static const char shifted[0x3a] =
	"\0\x1b" "!@#$%^&*()_+\b\t" "QWERTYUIOP{}\r\0" "ASDFGHJKL:\"~\0|" "ZXCVBNM<>?\0*\0 ";

/* Sequences the terminal sends, and the key each stands for. */
static const struct {
	const char *seq;
	uint8_t code;
	bool extended;
} sequences[] = {
	{ "\x1b[A", 0x48, true }, { "\x1b[B", 0x50, true }, { "\x1b[C", 0x4d, true }, { "\x1b[D", 0x4b, true },
	{ "\x1bOA", 0x48, true }, { "\x1bOB", 0x50, true }, { "\x1bOC", 0x4d, true }, { "\x1bOD", 0x4b, true },
	{ "\x1b[H", 0x47, true }, { "\x1b[F", 0x4f, true }, { "\x1b[1~", 0x47, true }, { "\x1b[4~", 0x4f, true },
	{ "\x1b[2~", 0x52, true }, { "\x1b[3~", 0x53, true }, { "\x1b[5~", 0x49, true }, { "\x1b[6~", 0x51, true },
	{ "\x1bOP", 0x3b, false }, { "\x1bOQ", 0x3c, false }, { "\x1bOR", 0x3d, false }, { "\x1bOS", 0x3e, false },
	{ "\x1b[11~", 0x3b, false }, { "\x1b[12~", 0x3c, false }, { "\x1b[13~", 0x3d, false }, { "\x1b[14~", 0x3e, false },
	{ "\x1b[15~", 0x3f, false }, { "\x1b[17~", 0x40, false }, { "\x1b[18~", 0x41, false }, { "\x1b[19~", 0x42, false },
	{ "\x1b[20~", 0x43, false }, { "\x1b[21~", 0x44, false }, { "\x1b[23~", 0x57, false }, { "\x1b[24~", 0x58, false },
};

/* The make code and Shift for a printable byte or a control key. */
static bool key_of_byte(uint8_t byte, struct key_press *key)
{
	if (byte == '\n')
		byte = '\r';                    /* Enter */
	if (byte == 0x7f)
		byte = '\b';                    /* the terminal's Backspace */
	for (uint8_t code = 1; code < sizeof plain; code++) {
		if (plain[code] && (uint8_t)plain[code] == byte) {
			*key = (struct key_press){ .code = code };
			return true;
		}
		if (shifted[code] && (uint8_t)shifted[code] == byte && code != 0x37) {
			*key = (struct key_press){ .code = code, .shift = true };
			return true;
		}
	}
	if (byte >= 1 && byte <= 26 && key_of_byte((uint8_t)('a' + byte - 1), key)) {
		key->ctrl = true;               /* Ctrl+letter */
		return true;
	}
	return false;
}

int scancode_parse(const uint8_t *text, size_t len, bool more, struct key_press *key)
{
	if (len == 0)
		return 0;
	if (text[0] == 0x1b && len > 1) {
		for (size_t i = 0; i < sizeof sequences / sizeof sequences[0]; i++) {
			size_t n = strlen(sequences[i].seq);
			if (len >= n && memcmp(text, sequences[i].seq, n) == 0) {
				*key = (struct key_press){ .code = sequences[i].code, .extended = sequences[i].extended };
				return (int)n;
			}
		}
		/* Alt+key: Esc then the key, as terminals send it */
		if (text[1] != '[' && text[1] != 'O' && text[1] != 0x1b && key_of_byte(text[1], key)) {
			key->alt = true;
			return 2;
		}
	}
	if (text[0] == 0x1b && more) {
		for (size_t i = 0; i < sizeof sequences / sizeof sequences[0]; i++) {
			size_t n = strlen(sequences[i].seq);
			if (len < n && memcmp(text, sequences[i].seq, len) == 0)
				return -1;              /* a prefix of a sequence: wait */
		}
	}
	return key_of_byte(text[0], key) ? 1 : 0;
}

static unsigned put_code(uint8_t *out, unsigned n, uint8_t code, bool extended)
{
	if (extended)
		out[n++] = SC_EXTENDED;
	out[n++] = code;
	return n;
}

unsigned scancode_bytes(const struct key_press *key, uint8_t out[SC_MAX_BYTES])
{
	unsigned n = 0;
	if (key->ctrl)
		n = put_code(out, n, SC_LCTRL, false);
	if (key->alt)
		n = put_code(out, n, SC_LALT, false);
	if (key->shift)
		n = put_code(out, n, SC_LSHIFT, false);
	n = put_code(out, n, key->code, key->extended);
	n = put_code(out, n, key->code | SC_BREAK, key->extended);
	if (key->shift)
		n = put_code(out, n, SC_LSHIFT | SC_BREAK, false);
	if (key->alt)
		n = put_code(out, n, SC_LALT | SC_BREAK, false);
	if (key->ctrl)
		n = put_code(out, n, SC_LCTRL | SC_BREAK, false);
	return n;
}

/* Function keys F1-F10 (0x3B-0x44), F11/F12 (0x57/0x58) and the grey
 * keys give ASCII 0 and a scan code; F11/F12 move to 0x85/0x86 as the
 * BIOS reports them. */
static uint16_t special_key_word(uint8_t code, bool extended)
{
	if (code == 0x57 || code == 0x58)
		return (uint16_t)((code + 0x2e) << 8);
	if ((code >= 0x3b && code <= 0x44) || (extended && code >= 0x47 && code <= 0x53))
		return (uint16_t)(code << 8);
	return 0;
}

uint16_t scancode_key_word(uint8_t code, bool extended, bool shift, bool ctrl, bool alt, bool caps)
{
	uint16_t special = special_key_word(code, extended);
	if (special || code >= sizeof plain)
		return special;
	char plain_ch = plain[code];
	if (!plain_ch)
		return 0;                       /* a modifier */
	bool letter = plain_ch >= 'a' && plain_ch <= 'z';
	uint8_t ch = (uint8_t)((shift != (caps && letter)) ? shifted[code] : plain_ch);
	if (alt)
		ch = 0;
	else if (ctrl && letter)
		ch = (uint8_t)(plain_ch & 0x1f);
	return (uint16_t)(code << 8 | ch);
}
