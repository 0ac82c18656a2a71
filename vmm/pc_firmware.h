/* pc_firmware.h: the state a PC's firmware (SeaBIOS under QEMU) leaves
 * a Multiboot kernel in, beyond the Multiboot info and the ACPI tables:
 * a real-mode interrupt vector table whose entries all return, and the
 * 8259 PICs initialised at the BIOS's vector bases. */
#ifndef MINIKVM_PC_FIRMWARE_H
#define MINIKVM_PC_FIRMWARE_H

#include <stddef.h>
#include <stdint.h>
#include "bios_area.h"

#define FIRMWARE_STUBS       BIOS_AREA_STUBS   /* segment F000: the IVT's handlers */
#define FIRMWARE_STUBS_SIZE  BIOS_AREA_STUBS_SIZE
#define FIRMWARE_IVT_SIZE    0x400u     /* 256 far pointers at 0 */
#define FIRMWARE_PIC_BASE    0x08       /* IRQ0-7 -> vectors 0x08-0x0f, as the BIOS sets */
#define FIRMWARE_PIC2_BASE   0x70       /* IRQ8-15 -> vectors 0x70-0x77 */
#define FIRMWARE_PIC_IMR     0xf8       /* timer, keyboard, cascade unmasked */
#define FIRMWARE_PIC2_IMR    0xff

/* Write the IVT at 0 and its stubs at FIRMWARE_STUBS. Returns 0, or -1
 * if RAM is too small. */
int firmware_build_ivt(uint8_t *mem, size_t mem_size);

#endif
