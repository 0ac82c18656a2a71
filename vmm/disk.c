/* disk.c: raw disk images. A private disk is a MAP_PRIVATE mapping of
 * the file: the guest's writes land in pages of our own and the file is
 * never written. A shared one (--disk-write) is MAP_SHARED and synced when
 * it is closed. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "disk.h"
#include "loader.h"
#include "status.h"

bool disk_has_boot_signature(const uint8_t *data, size_t size)
{
	return size >= SECTOR_SIZE && data[510] == 0x55 && data[511] == 0xaa;
}

/* Floppy formats: 360K, 720K, 1.2M, 1.44M, 2.88M (cylinders, heads, sectors). */
static const struct { uint32_t cylinders, heads, sectors; } floppies[] = {
	{ 40, 2, 9 }, { 80, 2, 9 }, { 80, 2, 15 }, { 80, 2, 18 }, { 80, 2, 36 },
};

bool disk_is_floppy_size(uint64_t size)
{
	for (size_t i = 0; i < sizeof floppies / sizeof floppies[0]; i++)
		if (size == (uint64_t)floppies[i].cylinders * floppies[i].heads * floppies[i].sectors * SECTOR_SIZE)
			return true;
	return false;
}

static void set_geometry(struct disk *disk)
{
	for (size_t i = 0; i < sizeof floppies / sizeof floppies[0]; i++)
		if (disk_sectors(disk) == (uint64_t)floppies[i].cylinders * floppies[i].heads * floppies[i].sectors) {
			disk->cylinders = floppies[i].cylinders;
			disk->heads = floppies[i].heads;
			disk->sectors_per_track = floppies[i].sectors;
			return;
		}
	uint64_t per_cylinder = DISK_HEADS * DISK_SECTORS_PER_TRACK;
	uint64_t cylinders = (disk_sectors(disk) + per_cylinder - 1) / per_cylinder;
	disk->cylinders = cylinders > DISK_MAX_CYLINDERS ? DISK_MAX_CYLINDERS : (uint32_t)cylinders;
	disk->heads = DISK_HEADS;
	disk->sectors_per_track = DISK_SECTORS_PER_TRACK;
}

static int check_size(const char *path, off_t size, char *err, size_t errlen)
{
	if (size == 0)
		return error_format(err, errlen, "--disk %s: the disk image is empty", path);
	if (size % SECTOR_SIZE)
		return error_format(err, errlen, "--disk %s: %lld bytes is not a whole number of %d-byte sectors",
				    path, (long long)size, SECTOR_SIZE);
	return 0;
}

int disk_open(struct disk *disk, const char *path, bool shared, bool boot, char *err, size_t errlen)
{
	memset(disk, 0, sizeof *disk);
	int fd = open(path, (shared ? O_RDWR : O_RDONLY) | O_CLOEXEC);
	if (fd < 0)
		return error_format(err, errlen, "--disk %s: %s", path, strerror(errno));
	struct stat st;
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return error_format(err, errlen, "--disk %s: not a regular file", path);
	}
	if (check_size(path, st.st_size, err, errlen) < 0) {
		close(fd);
		return -1;
	}
	void *data = mmap(NULL, (size_t)st.st_size, PROT_READ | PROT_WRITE,
			  shared ? MAP_SHARED : MAP_PRIVATE, fd, 0);
	close(fd);
	if (data == MAP_FAILED)
		return error_format(err, errlen, "--disk %s: cannot map it: %s", path, strerror(errno));
	*disk = (struct disk){ .name = loader_base_name(path), .data = data, .size = (size_t)st.st_size,
			       .mapped = true, .shared = shared };
	set_geometry(disk);
	if (boot && !disk_has_boot_signature(disk->data, disk->size)) {
		disk_close(disk);
		return error_format(err, errlen, "--disk %s: no boot signature (0x55 0xAA at bytes 510-511 of sector 0)",
				    path);
	}
	return 0;
}

int disk_from_bytes(struct disk *disk, const char *name, const uint8_t *data, size_t size,
		    size_t min_size, char *err, size_t errlen)
{
	memset(disk, 0, sizeof *disk);
	size_t padded = ((size > min_size ? size : min_size) + SECTOR_SIZE - 1) / SECTOR_SIZE * SECTOR_SIZE;
	uint8_t *copy = calloc(1, padded ? padded : SECTOR_SIZE);
	if (!copy)
		return error_format(err, errlen, "cannot allocate %zu bytes for the disk", padded);
	memcpy(copy, data, size);
	*disk = (struct disk){ .name = name, .data = copy, .size = padded };
	set_geometry(disk);
	return 0;
}

void disk_close(struct disk *disk)
{
	if (disk->mapped) {
		if (disk->shared)
			msync(disk->data, disk->size, MS_SYNC);
		munmap(disk->data, disk->size);
	} else {
		free(disk->data);
	}
	memset(disk, 0, sizeof *disk);
}

uint64_t disk_sectors(const struct disk *disk)
{
	return disk->size / SECTOR_SIZE;
}

static bool in_range(const struct disk *disk, uint64_t lba, unsigned count)
{
	return lba <= disk_sectors(disk) && count <= disk_sectors(disk) - lba;
}

int disk_read(const struct disk *disk, uint64_t lba, unsigned count, uint8_t *to)
{
	if (!in_range(disk, lba, count))
		return -1;
	memcpy(to, disk->data + lba * SECTOR_SIZE, (size_t)count * SECTOR_SIZE);
	return 0;
}

int disk_write(struct disk *disk, uint64_t lba, unsigned count, const uint8_t *from)
{
	if (!in_range(disk, lba, count))
		return -1;
	memcpy(disk->data + lba * SECTOR_SIZE, from, (size_t)count * SECTOR_SIZE);
	return 0;
}
