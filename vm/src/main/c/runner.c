// SPDX-License-Identifier: GPL-2.0
/*
 * iommuscope-runner: runs a scenario's steps on the kernel the VM booted, through the VFIO device
 * cdevs and /dev/iommu, and prints one result line per step for the comparison with the emulator.
 *
 *   iommuscope-runner drivers FILE   each line "BDF DRIVER" (vfio-pci or none): rebind the device
 *   iommuscope-runner steps FILE     each line "STEP [NAME=] OP ARG...": run the op
 *
 * Result lines:
 *   STEP ok key=value...           the op succeeded (keys as the scenario format names outputs)
 *   STEP err ERRNO [key=value...]  the kernel's errno (EMSGSIZE of iova_ranges keeps its outputs);
 *                                  "via=runner" marks an errno the runner met before any ioctl
 *   STEP fault key=value...        a DMA the IOMMU refused
 *   STEP skip REASON               not expressible on this kernel or VFIO (the comparison says why)
 *
 * On the selftest's mock iommu (CONFIG_IOMMUFD_TEST, booted with intel_iommu=off) a device is a selftest
 * object, not a VFIO cdev:
 *   0 probe_test_cmd                       "0 ok" when the kernel has IOMMU_TEST_CMD, else its errno
 *   STEP [NAME=] mock_domain PT ASTEP ANAME|- [no_dirty]
 *                                          IOMMU_TEST_OP_MOCK_DOMAIN: bind (step STEP, id= and stdev_id=)
 *                                          and attach to PT (step ASTEP, pt_id=, bound to ANAME) in one
 *                                          ioctl; two result lines. no_dirty: MOCK_DOMAIN_FLAGS with
 *                                          MOCK_FLAGS_DEVICE_NO_DIRTY
 *   STEP [NAME=] mock_replace DEV PT       IOMMU_TEST_OP_MOCK_DOMAIN_REPLACE of the stdev bound as DEV
 *   STEP mock_unbind DEV                   IOMMU_DESTROY of that stdev (selftest_obj_destroy() unbinds)
 *
 * Arguments are numbers (decimal or 0x) or $NAME, a value an earlier step bound with NAME=.
 *
 * User memory follows the scenario format: a map without va= gets a fresh buffer at the next 2 MiB
 * boundary from 0x7f0000000000 (advanced only when the map succeeds, as the emulator does). Every
 * buffer is a view of one 2 MiB memfd at offset (va mod 2 MiB), so any length costs the VM no memory,
 * and every 16-byte slot of it holds an e1000 TX descriptor with Report Status set: the device's
 * write-back of that descriptor's DD bit is the evidence that a DMA went through (see op_dma).
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/times.h>
#include <time.h>
#include <unistd.h>

#include "uapi.h"

#define MAX_TOK 64
#define MAX_DEVS 64
#define MAX_VARS 512
#define MAX_RANGES 4096
#define BACKING (2UL << 20)
#define FIRST_BUFFER_VA 0x7f0000000000UL
#define MIN_VA 0x10000UL
#define TASK_SIZE 0x7ffffffff000UL
/* larger user ranges are not given memory (the kernel refuses them first or faults on pinning) */
#define MAX_BACKED (64UL << 30)

static int iommufd = -1;
static int kmsg = -1;
static int backing = -1;
static uint8_t *backing_view;
static uint64_t next_buffer_va = FIRST_BUFFER_VA;

struct dev {
	char bdf[32];
	int fd;
	uint32_t dev_id;
	int bound;
	int attached;	/* VFIO's own vdev->iommufd_attached */
	uint64_t config_off;
	uint64_t bar0_off;
	int regions_known;
};
static struct dev devs[MAX_DEVS];
static int ndevs;

/* A selftest mock device: its SELFTEST object and the idev iommufd_device_bind() gave it */
struct mock {
	uint32_t stdev_id;
	uint32_t idev_id;
};
static struct mock mocks[MAX_DEVS];
static int nmocks;
/* handles of mock devices whose MOCK_DOMAIN failed: the kernel unbound them itself (its out_unbind path) */
static char unwound[MAX_DEVS][128];
static int nunwound;

enum kind { KIND_NONE, KIND_IOAS, KIND_HWPT, KIND_DEV };
struct obj {
	uint32_t id;
	enum kind kind;
};
static struct obj objs[MAX_VARS];
static int nobjs;

struct var {
	char name[128];
	uint64_t val;
};
static struct var vars[MAX_VARS];
static int nvars;

struct span {
	uint64_t start, end;	/* [start, end) */
};
static struct span backed[4096];
static int nbacked;

static char out[65536];
static size_t outlen;
static const char *skip_reason;
static char skip_buf[256];

static void outf(const char *fmt, ...)
{
	va_list ap;

	if (outlen >= sizeof(out) - 1)
		return;
	va_start(ap, fmt);
	outlen += vsnprintf(out + outlen, sizeof(out) - outlen, fmt, ap);
	va_end(ap);
	if (outlen >= sizeof(out))
		outlen = sizeof(out) - 1;
}

static int skip(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(skip_buf, sizeof(skip_buf), fmt, ap);
	va_end(ap);
	skip_reason = skip_buf;
	return 0;
}

static const char *errname(int e)
{
	static char tmp[32];
	const char *n = strerrorname_np(e);

	if (n)
		return n;
	snprintf(tmp, sizeof(tmp), "E%d", e);
	return tmp;
}

static int xioctl(int fd, unsigned long req, void *arg)
{
	return ioctl(fd, req, arg) ? -errno : 0;
}

/* ---- values ------------------------------------------------------------ */

static void var_set(const char *name, uint64_t v)
{
	for (int i = 0; i < nvars; i++)
		if (!strcmp(vars[i].name, name)) {
			vars[i].val = v;
			return;
		}
	if (nvars < MAX_VARS) {
		snprintf(vars[nvars].name, sizeof(vars[nvars].name), "%s", name);
		vars[nvars++].val = v;
	}
}

/* A number or $NAME; on failure sets skip_reason and returns 0. */
static uint64_t val(const char *s)
{
	char *end;
	uint64_t v;

	if (!s) {
		skip("malformed missing-argument");
		return 0;
	}
	if (s[0] == '$') {
		for (int i = 0; i < nvars; i++)
			if (!strcmp(vars[i].name, s + 1))
				return vars[i].val;
		for (int i = 0; i < nunwound; i++)
			if (!strcmp(unwound[i], s + 1)) {
				skip("mock-domain-unwound %s", s + 1);
				return 0;
			}
		skip("unbound %s", s + 1);
		return 0;
	}
	errno = 0;
	v = strtoull(s, &end, 0);
	if (*end || errno || !isdigit((unsigned char)s[0]))
		skip("malformed number %s", s);
	return v;
}

static void obj_set(uint32_t id, enum kind kind)
{
	for (int i = 0; i < nobjs; i++)
		if (objs[i].id == id) {
			objs[i].kind = kind;
			return;
		}
	if (nobjs < MAX_VARS) {
		objs[nobjs].id = id;
		objs[nobjs++].kind = kind;
	}
}

static enum kind obj_kind(uint32_t id)
{
	for (int i = 0; i < nobjs; i++)
		if (objs[i].id == id)
			return objs[i].kind;
	return KIND_NONE;
}

/* ---- user memory --------------------------------------------------------- */

static int span_cmp(const void *a, const void *b)
{
	const struct span *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/* Is [va, end) already backed by our memfd? Returns the first unbacked address at or after va. */
static uint64_t first_gap(uint64_t va, uint64_t end)
{
	for (int i = 0; i < nbacked && va < end; i++)
		if (backed[i].start <= va && va < backed[i].end)
			va = backed[i].end;
	return va;
}

static uint64_t gap_end(uint64_t va, uint64_t end)
{
	for (int i = 0; i < nbacked; i++)
		if (backed[i].start > va && backed[i].start < end)
			end = backed[i].start;
	return end;
}

/* Record [start, end) as backed. */
static void note_backed(uint64_t start, uint64_t end)
{
	if (nbacked < (int)(sizeof(backed) / sizeof(backed[0]))) {
		backed[nbacked].start = start;
		backed[nbacked].end = end;
		nbacked++;
		qsort(backed, nbacked, sizeof(backed[0]), span_cmp);
	}
}

/* Give [va, va+len) memory: views of the 2 MiB backing at offset (address mod 2 MiB). */
static void give_memory(uint64_t va, uint64_t len)
{
	uint64_t start = va & ~0xfffUL, end, cur;

	if (len == 0 || len > MAX_BACKED || va + len < va || va < MIN_VA || va + len > TASK_SIZE)
		return;
	end = (va + len + 0xfff) & ~0xfffUL;
	cur = first_gap(start, end);
	while (cur < end) {
		uint64_t stop = gap_end(cur, end), at = cur;

		while (at < stop) {
			uint64_t piece = (at / BACKING + 1) * BACKING;

			if (piece > stop)
				piece = stop;
			if (mmap((void *)at, piece - at, PROT_READ | PROT_WRITE,
				 MAP_SHARED | MAP_FIXED_NOREPLACE, backing, at % BACKING) == MAP_FAILED)
				break;
			at = piece;
		}
		if (at > cur)
			note_backed(cur, at);
		if (at < stop)
			return;
		cur = first_gap(stop, end);
	}
}

/* Every 16-byte slot: an e1000 legacy TX descriptor, length 0, EOP | RS, status 0. */
static int backing_init(void)
{
	backing = memfd_create("iommuscope-user-memory", MFD_CLOEXEC);
	if (backing < 0 || ftruncate(backing, BACKING))
		return -1;
	backing_view = mmap(NULL, BACKING, PROT_READ | PROT_WRITE, MAP_SHARED, backing, 0);
	if (backing_view == MAP_FAILED)
		return -1;
	for (uint64_t off = 0; off < BACKING; off += 16) {
		uint32_t lower = 0x01000000u | 0x08000000u;	/* E1000_TXD_CMD_EOP | E1000_TXD_CMD_RS */

		memset(backing_view + off, 0, 8);
		memcpy(backing_view + off + 8, &lower, 4);
		memset(backing_view + off + 12, 0, 4);
	}
	return 0;
}

/* ---- devices ------------------------------------------------------------- */

static struct dev *dev_by_bdf(const char *bdf, int create)
{
	for (int i = 0; i < ndevs; i++)
		if (!strcmp(devs[i].bdf, bdf))
			return &devs[i];
	if (!create || ndevs == MAX_DEVS)
		return NULL;
	memset(&devs[ndevs], 0, sizeof(devs[ndevs]));
	snprintf(devs[ndevs].bdf, sizeof(devs[ndevs].bdf), "%s", bdf);
	devs[ndevs].fd = -1;
	return &devs[ndevs++];
}

/* The device a dev_id names: VFIO names a device by its fd, iommufd by its dev_id. */
static struct dev *dev_by_id(uint32_t id)
{
	for (int i = 0; i < ndevs; i++)
		if (devs[i].fd >= 0 && devs[i].bound && devs[i].dev_id == id)
			return &devs[i];
	return NULL;
}

static int sysfs_write(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;
	int e;

	if (fd < 0)
		return -errno;
	n = write(fd, s, strlen(s));
	e = errno;
	close(fd);
	return n < 0 ? -e : 0;
}

static void driver_of(const char *bdf, char *drv, size_t len)
{
	char p[256], l[256];
	ssize_t n;
	char *slash;

	snprintf(p, sizeof(p), "/sys/bus/pci/devices/%s/driver", bdf);
	n = readlink(p, l, sizeof(l) - 1);
	if (n < 0) {
		snprintf(drv, len, "none");
		return;
	}
	l[n] = 0;
	slash = strrchr(l, '/');
	snprintf(drv, len, "%s", slash ? slash + 1 : l);
}

/* driver_override, unbind, drivers_probe: how a device is handed to vfio-pci. */
static int set_driver(const char *bdf, const char *want)
{
	char p[256], drv[256];
	int rc;

	snprintf(p, sizeof(p), "/sys/bus/pci/devices/%s/driver_override", bdf);
	rc = sysfs_write(p, strcmp(want, "none") ? want : "\n");
	if (rc)
		return rc;
	driver_of(bdf, drv, sizeof(drv));
	if (!strcmp(drv, want))
		return 0;
	if (strcmp(drv, "none")) {
		snprintf(p, sizeof(p), "/sys/bus/pci/devices/%s/driver/unbind", bdf);
		rc = sysfs_write(p, bdf);
		if (rc)
			return rc;
	}
	if (strcmp(want, "none")) {
		rc = sysfs_write("/sys/bus/pci/drivers_probe", bdf);
		if (rc)
			return rc;
	}
	driver_of(bdf, drv, sizeof(drv));
	return strcmp(drv, want) ? -ENXIO : 0;
}

static int cdev_open(struct dev *d)
{
	char p[300];
	struct dirent *de;
	DIR *dir;

	snprintf(p, sizeof(p), "/sys/bus/pci/devices/%s/vfio-dev", d->bdf);
	dir = opendir(p);
	if (!dir)
		return -ENODEV;
	while ((de = readdir(dir)))
		if (!strncmp(de->d_name, "vfio", 4)) {
			snprintf(p, sizeof(p), "/dev/vfio/devices/%s", de->d_name);
			closedir(dir);
			d->fd = open(p, O_RDWR | O_CLOEXEC);
			return d->fd < 0 ? -errno : 0;
		}
	closedir(dir);
	return -ENODEV;
}

/* ---- ops ----------------------------------------------------------------- */

static int parse_perm(const char *s, uint32_t *flags)
{
	if (!strcmp(s, "rw"))
		*flags = IOMMU_IOAS_MAP_READABLE | IOMMU_IOAS_MAP_WRITEABLE;
	else if (!strcmp(s, "r"))
		*flags = IOMMU_IOAS_MAP_READABLE;
	else if (!strcmp(s, "w"))
		*flags = IOMMU_IOAS_MAP_WRITEABLE;
	else if (!strcmp(s, "none"))
		*flags = 0;
	else
		return -1;
	return 0;
}

static int runner_errno;	/* the errno came from the runner, not from an ioctl */

static int op_bind(const char *bdf, uint64_t *prim)
{
	struct dev *d = dev_by_bdf(bdf, 1);
	struct vfio_device_bind_iommufd b = { .argsz = sizeof(b), .iommufd = iommufd };
	int rc;

	if (!d)
		return skip("too-many-devices");
	if (d->fd < 0) {
		rc = cdev_open(d);
		if (rc) {
			runner_errno = 1;
			return rc;
		}
	}
	rc = xioctl(d->fd, VFIO_DEVICE_BIND_IOMMUFD, &b);
	if (rc)
		return rc;
	d->bound = 1;
	d->dev_id = b.out_devid;
	obj_set(b.out_devid, KIND_DEV);
	*prim = b.out_devid;
	outf(" id=%u", b.out_devid);
	return 0;
}

/* unbind: close the device fd; vfio_df_unbind_iommufd() detaches and unbinds */
static int op_unbind(uint32_t id)
{
	struct dev *d = dev_by_id(id);

	if (!d)
		return skip("no-device-fd %u", id);
	close(d->fd);
	d->fd = -1;
	d->bound = 0;
	d->attached = 0;
	d->regions_known = 0;
	return 0;
}

static int op_attach(uint32_t id, uint32_t pt, int replace, uint64_t *prim)
{
	struct dev *d = dev_by_id(id);
	struct vfio_device_attach_iommufd_pt a = { .argsz = sizeof(a), .pt_id = pt };
	int rc;

	if (!d)
		return skip("no-device-fd %u", id);
	/* vfio_iommufd_physical_attach_ioas(): replace only when VFIO has attached the device */
	if (replace && !d->attached)
		return skip("replace-unattached");
	rc = xioctl(d->fd, VFIO_DEVICE_ATTACH_IOMMUFD_PT, &a);
	if (rc)
		return rc;
	d->attached = 1;
	obj_set(a.pt_id, KIND_HWPT);
	*prim = a.pt_id;
	outf(" pt_id=%u", a.pt_id);
	return 0;
}

static int op_detach(uint32_t id)
{
	struct dev *d = dev_by_id(id);
	struct vfio_device_detach_iommufd_pt a = { .argsz = sizeof(a) };
	int rc;

	if (!d)
		return skip("no-device-fd %u", id);
	rc = xioctl(d->fd, VFIO_DEVICE_DETACH_IOMMUFD_PT, &a);
	if (!rc)
		d->attached = 0;
	return rc;
}

static int op_ioas_alloc(uint64_t *prim)
{
	struct iommu_ioas_alloc a = { .size = sizeof(a) };
	int rc = xioctl(iommufd, IOMMU_IOAS_ALLOC, &a);

	if (rc)
		return rc;
	obj_set(a.out_ioas_id, KIND_IOAS);
	*prim = a.out_ioas_id;
	outf(" id=%u", a.out_ioas_id);
	return 0;
}

/* map IOAS IOVA|auto LENGTH PERM [va=ADDR] */
static int op_map(int nt, char **t, uint64_t *prim)
{
	struct iommu_ioas_map a = { .size = sizeof(a) };
	uint32_t perm;
	int fresh = 1, rc;

	if (nt < 5 || parse_perm(t[4], &perm))
		return skip("malformed map");
	a.ioas_id = val(t[1]);
	a.length = val(t[3]);
	a.flags = perm;
	if (strcmp(t[2], "auto")) {
		a.flags |= IOMMU_IOAS_MAP_FIXED_IOVA;
		a.iova = val(t[2]);
	}
	a.user_va = next_buffer_va;
	if (nt > 5 && !strncmp(t[5], "va=", 3)) {
		a.user_va = val(t[5] + 3);
		fresh = 0;
	}
	if (skip_reason)
		return 0;
	give_memory(a.user_va, a.length);
	rc = xioctl(iommufd, IOMMU_IOAS_MAP, &a);
	if (rc)
		return rc;
	if (fresh)
		next_buffer_va = (a.user_va + a.length + BACKING - 1) & ~(BACKING - 1);
	*prim = a.iova;
	outf(" iova=0x%llx", (unsigned long long)a.iova);
	return 0;
}

/* unmap IOAS IOVA LENGTH | unmap IOAS all */
static int op_unmap(int nt, char **t, uint64_t *prim)
{
	struct iommu_ioas_unmap a = { .size = sizeof(a) };
	int rc;

	if (nt < 3)
		return skip("malformed unmap");
	a.ioas_id = val(t[1]);
	if (!strcmp(t[2], "all")) {
		a.iova = 0;
		a.length = UINT64_MAX;
	} else {
		a.iova = val(t[2]);
		a.length = nt > 3 ? val(t[3]) : val(NULL);
	}
	if (skip_reason)
		return 0;
	rc = xioctl(iommufd, IOMMU_IOAS_UNMAP, &a);
	if (rc)
		return rc;
	*prim = a.length;
	outf(" length=0x%llx", (unsigned long long)a.length);
	return 0;
}

/* copy DST SRC SRC_IOVA LENGTH DST_IOVA|auto PERM */
static int op_copy(int nt, char **t, uint64_t *prim)
{
	struct iommu_ioas_copy a = { .size = sizeof(a) };
	uint32_t perm;
	int rc;

	if (nt < 7 || parse_perm(t[6], &perm))
		return skip("malformed copy");
	a.dst_ioas_id = val(t[1]);
	a.src_ioas_id = val(t[2]);
	a.src_iova = val(t[3]);
	a.length = val(t[4]);
	a.flags = perm;
	if (strcmp(t[5], "auto")) {
		a.flags |= IOMMU_IOAS_MAP_FIXED_IOVA;
		a.dst_iova = val(t[5]);
	}
	if (skip_reason)
		return 0;
	rc = xioctl(iommufd, IOMMU_IOAS_COPY, &a);
	if (rc)
		return rc;
	*prim = a.dst_iova;
	outf(" dst_iova=0x%llx", (unsigned long long)a.dst_iova);
	return 0;
}

/* allow_iovas IOAS [FIRST-LAST...] */
static int op_allow_iovas(int nt, char **t)
{
	static struct iommu_iova_range r[MAX_RANGES];
	struct iommu_ioas_allow_iovas a = { .size = sizeof(a), .allowed_iovas = (uintptr_t)r };

	if (nt < 2)
		return skip("malformed allow_iovas");
	a.ioas_id = val(t[1]);
	for (int i = 2; i < nt && a.num_iovas < MAX_RANGES; i++) {
		char *dash = strchr(t[i], '-');

		if (!dash)
			return skip("malformed range %s", t[i]);
		*dash = 0;
		r[a.num_iovas].start = val(t[i]);
		r[a.num_iovas].last = val(dash + 1);
		a.num_iovas++;
	}
	if (skip_reason)
		return 0;
	return xioctl(iommufd, IOMMU_IOAS_ALLOW_IOVAS, &a);
}

/* iova_ranges IOAS [MAX]: without MAX an array as large as needed */
static int op_iova_ranges(int nt, char **t, uint64_t *prim)
{
	static struct iommu_iova_range r[MAX_RANGES];
	struct iommu_ioas_iova_ranges a = { .size = sizeof(a), .allowed_iovas = (uintptr_t)r };
	uint64_t max = MAX_RANGES;
	int rc;

	if (nt < 2)
		return skip("malformed iova_ranges");
	a.ioas_id = val(t[1]);
	if (nt > 2)
		max = val(t[2]);
	if (skip_reason)
		return 0;
	if (max > MAX_RANGES)
		return skip("max-too-large %llu", (unsigned long long)max);
	a.num_iovas = max;
	rc = xioctl(iommufd, IOMMU_IOAS_IOVA_RANGES, &a);
	if (rc && rc != -EMSGSIZE)
		return rc;
	*prim = a.num_iovas;
	outf(" num=%u alignment=0x%llx ranges=", a.num_iovas, (unsigned long long)a.out_iova_alignment);
	for (uint32_t i = 0; i < a.num_iovas && i < max; i++)
		outf("%s0x%llx-0x%llx", i ? "," : "", (unsigned long long)r[i].start,
		     (unsigned long long)r[i].last);
	return rc;
}

/* hwpt_alloc DEV PT [nest_parent] [dirty_tracking]: a hwpt as PT allocates a nested one (VT-d stage 1) */
static struct mock *mock_by_idev(uint32_t idev_id)
{
	for (int i = 0; i < nmocks; i++)
		if (mocks[i].idev_id == idev_id)
			return &mocks[i];
	return NULL;
}

static int op_hwpt_alloc(int nt, char **t, uint64_t *prim)
{
	static struct iommu_hwpt_vtd_s1 s1;
	struct iommu_hwpt_alloc a = { .size = sizeof(a) };
	int rc;

	if (nt < 3)
		return skip("malformed hwpt_alloc");
	a.dev_id = val(t[1]);
	a.pt_id = val(t[2]);
	for (int i = 3; i < nt; i++) {
		if (!strcmp(t[i], "nest_parent"))
			a.flags |= IOMMU_HWPT_ALLOC_NEST_PARENT;
		else if (!strcmp(t[i], "dirty_tracking"))
			a.flags |= IOMMU_HWPT_ALLOC_DIRTY_TRACKING;
		else
			return skip("malformed hwpt flag %s", t[i]);
	}
	if (skip_reason)
		return 0;
	if (obj_kind(a.pt_id) == KIND_HWPT && mock_by_idev(a.dev_id)) {
		/* mock_domain_alloc_nested(): the selftest's own data type */
		static struct iommu_hwpt_selftest st = { .iotlb = IOMMU_TEST_IOTLB_DEFAULT };

		a.data_type = IOMMU_HWPT_DATA_SELFTEST;
		a.data_len = sizeof(st);
		a.data_uptr = (uintptr_t)&st;
	} else if (obj_kind(a.pt_id) == KIND_HWPT) {
		memset(&s1, 0, sizeof(s1));
		a.data_type = IOMMU_HWPT_DATA_VTD_S1;
		a.data_len = sizeof(s1);
		a.data_uptr = (uintptr_t)&s1;
	}
	rc = xioctl(iommufd, IOMMU_HWPT_ALLOC, &a);
	if (rc)
		return rc;
	obj_set(a.out_hwpt_id, KIND_HWPT);
	*prim = a.out_hwpt_id;
	outf(" id=%u", a.out_hwpt_id);
	return 0;
}

static int op_destroy(uint32_t id)
{
	struct iommu_destroy a = { .size = sizeof(a), .id = id };
	int rc = xioctl(iommufd, IOMMU_DESTROY, &a);

	if (!rc)
		obj_set(id, KIND_NONE);
	return rc;
}

/* add_reserved IOAS START LENGTH: the selftest's IOMMU_TEST_OP_ADD_RESERVED (CONFIG_IOMMUFD_TEST) */
static int op_add_reserved(uint32_t ioas, uint64_t start, uint64_t length)
{
	struct iommu_test_cmd c = { .size = sizeof(c), .op = IOMMU_TEST_OP_ADD_RESERVED, .id = ioas };

	c.add_reserved.start = start;
	c.add_reserved.length = length;
	return xioctl(iommufd, IOMMU_TEST_CMD, &c);
}

/* ---- the selftest's mock devices (CONFIG_IOMMUFD_TEST) ---------------------------------------- */

/* IOMMU_TEST_CMD answers ENOTTY on a kernel built without CONFIG_IOMMUFD_TEST (no such ioctl); with it,
 * ADD_RESERVED on ID 0 is ENOENT from iommufd_get_ioas(). */
static int op_probe_test_cmd(void)
{
	struct iommu_test_cmd c = { .size = sizeof(c), .op = IOMMU_TEST_OP_ADD_RESERVED, .id = 0 };
	int rc = xioctl(iommufd, IOMMU_TEST_CMD, &c);

	return rc == -ENOTTY ? rc : 0;
}

/* iommufd_test_mock_domain(): allocates the SELFTEST object, creates a mock device, binds it
 * (iommufd_device_bind()) and attaches it (iommufd_device_attach()); prints the bind's and the
 * attach's lines. A failure cannot be told apart: the attach step gets the errno, the bind a skip. */
static void op_mock_domain(const char *step, const char *assign, int nt, char **t)
{
	struct iommu_test_cmd c = { .size = sizeof(c), .op = IOMMU_TEST_OP_MOCK_DOMAIN };
	const char *astep = nt > 2 ? t[2] : "0", *aname = nt > 3 ? t[3] : NULL;
	int rc;

	c.id = val(nt > 1 ? t[1] : NULL);
	if (nt > 4 && !strcmp(t[4], "no_dirty")) {
		/* the flags variant's outputs sit where mock_domain's do */
		c.op = IOMMU_TEST_OP_MOCK_DOMAIN_FLAGS;
		c.mock_domain_flags.dev_flags = MOCK_FLAGS_DEVICE_NO_DIRTY;
	} else if (nt > 4) {
		skip("malformed mock_domain flag %s", t[4]);
	}
	if (skip_reason) {
		printf("%s skip %s\n%s skip %s\n", step, skip_reason, astep, skip_reason);
		return;
	}
	if (nmocks == MAX_DEVS) {
		printf("%s skip too-many-devices\n%s skip too-many-devices\n", step, astep);
		return;
	}
	rc = xioctl(iommufd, IOMMU_TEST_CMD, &c);
	if (rc) {
		printf("%s skip mock-domain-failed %s\n%s err %s\n", step, errname(-rc), astep, errname(-rc));
		if (assign && nunwound < MAX_DEVS)
			snprintf(unwound[nunwound++], sizeof(unwound[0]), "%s", assign);
		return;
	}
	mocks[nmocks].stdev_id = c.mock_domain.out_stdev_id;
	mocks[nmocks++].idev_id = c.mock_domain.out_idev_id;
	obj_set(c.mock_domain.out_idev_id, KIND_DEV);
	obj_set(c.mock_domain.out_hwpt_id, KIND_HWPT);
	printf("%s ok id=%u stdev_id=%u\n%s ok pt_id=%u\n", step, c.mock_domain.out_idev_id, c.mock_domain.out_stdev_id,
	       astep, c.mock_domain.out_hwpt_id);
	if (assign)
		var_set(assign, c.mock_domain.out_idev_id);
	if (aname && strcmp(aname, "-"))
		var_set(aname, c.mock_domain.out_hwpt_id);
}

/* iommufd_test_mock_domain_replace(): iommufd_device_replace() of the stdev's idev */
static int op_mock_replace(uint32_t idev_id, uint32_t pt, uint64_t *prim)
{
	struct mock *m = mock_by_idev(idev_id);
	struct iommu_test_cmd c = { .size = sizeof(c), .op = IOMMU_TEST_OP_MOCK_DOMAIN_REPLACE };
	int rc;

	if (!m)
		return skip("no-mock-device %u", idev_id);
	c.id = m->stdev_id;
	c.mock_domain_replace.pt_id = pt;
	rc = xioctl(iommufd, IOMMU_TEST_CMD, &c);
	if (rc)
		return rc;
	obj_set(c.mock_domain_replace.pt_id, KIND_HWPT);
	*prim = c.mock_domain_replace.pt_id;
	outf(" pt_id=%u", c.mock_domain_replace.pt_id);
	return 0;
}

/* IOMMU_DESTROY of the stdev: selftest_obj_destroy() unbinds the idev and removes the mock device */
static int op_mock_unbind(uint32_t idev_id)
{
	struct mock *m = mock_by_idev(idev_id);
	int rc;

	if (!m)
		return skip("no-mock-device %u", idev_id);
	rc = op_destroy(m->stdev_id);
	if (rc)
		return rc;
	obj_set(idev_id, KIND_NONE);
	*m = mocks[--nmocks];
	return 0;
}

/* ---- DMA through the emulated e1000 ---------------------------------------------------------- */

#define E1000_TCTL  0x0400
#define E1000_TDBAL 0x3800
#define E1000_TDBAH 0x3804
#define E1000_TDLEN 0x3808
#define E1000_TDH   0x3810
#define E1000_TDT   0x3818
#define E1000_TCTL_EN 0x2

static int region(struct dev *d)
{
	struct vfio_region_info r = { .argsz = sizeof(r) };

	if (d->regions_known)
		return 0;
	r.index = VFIO_PCI_CONFIG_REGION_INDEX;
	if (ioctl(d->fd, VFIO_DEVICE_GET_REGION_INFO, &r))
		return -errno;
	d->config_off = r.offset;
	r.argsz = sizeof(r);
	r.index = VFIO_PCI_BAR0_REGION_INDEX;
	if (ioctl(d->fd, VFIO_DEVICE_GET_REGION_INFO, &r))
		return -errno;
	if (r.size < 0x4000)
		return -ENODEV;
	d->bar0_off = r.offset;
	d->regions_known = 1;
	return 0;
}

static int reg_write(struct dev *d, uint32_t reg, uint32_t v)
{
	return pwrite(d->fd, &v, 4, d->bar0_off + reg) == 4 ? 0 : -errno;
}

static uint32_t reg_read(struct dev *d, uint32_t reg)
{
	uint32_t v = 0;

	if (pread(d->fd, &v, 4, d->bar0_off + reg) != 4)
		return UINT32_MAX;
	return v;
}

/*
 * dmar_fault() takes a token of one ratelimit state (DEFAULT_RATELIMIT_INTERVAL 5 s, DEFAULT_RATELIMIT_BURST
 * 10) for its "DRHD: handling fault status reg" line and one per turn of its loop over the fault recording
 * registers, including the last turn that finds no more: a fault costs three tokens. Past the burst it clears
 * faults without printing them. So no more than three faults may be raised in any 5 s, on the clock the
 * ratelimit reads: jiffies, which under TCG on a busy host fall behind wall time, and which times() returns.
 * The faults' times outlive the process (every runner of a boot shares the kernel's state).
 */
#define FAULTS_PER_WINDOW 3
#define FAULT_TIMES "/tmp/iommuscope-runner-faults"
static long fault_ticks[FAULTS_PER_WINDOW];
static int nfaults;

static long ticks(void)
{
	struct tms t;

	return (long)times(&t);
}

static void faults_load(void)
{
	FILE *f = fopen(FAULT_TIMES, "r");

	if (!f)
		return;
	while (nfaults < 1000 && fscanf(f, "%ld", &fault_ticks[nfaults % FAULTS_PER_WINDOW]) == 1)
		nfaults++;
	fclose(f);
}

static void fault_raised(void)
{
	FILE *f;

	fault_ticks[nfaults % FAULTS_PER_WINDOW] = ticks();
	nfaults++;
	f = fopen(FAULT_TIMES, "w");
	if (!f)
		return;
	for (int i = nfaults >= FAULTS_PER_WINDOW ? nfaults - FAULTS_PER_WINDOW : 0; i < nfaults; i++)
		fprintf(f, "%ld\n", fault_ticks[i % FAULTS_PER_WINDOW]);
	fclose(f);
}

/* Waits until the third-latest fault is more than the interval (and a margin) in the past. */
static void pace_faults(void)
{
	long hz = sysconf(_SC_CLK_TCK), until;

	if (nfaults < FAULTS_PER_WINDOW)
		return;
	until = fault_ticks[(nfaults - FAULTS_PER_WINDOW) % FAULTS_PER_WINDOW] + 5 * hz + hz / 5;
	while (ticks() <= until) {
		struct timespec ts = { 0, 20 * 1000 * 1000 };

		nanosleep(&ts, NULL);
	}
}

/* Reads the new kernel log records; notes DMAR fault records, and whether a fault was handled at all. */
static void kmsg_drain(char *fault, size_t len, int *read_fault, int *write_fault, int *handled)
{
	char rec[2048];
	ssize_t n;

	while ((n = read(kmsg, rec, sizeof(rec) - 1)) > 0 || (n < 0 && errno == EPIPE)) {
		char *msg, *dma;

		if (n <= 0)
			continue;
		rec[n] = 0;
		msg = strchr(rec, ';');
		if (!msg)
			continue;
		msg++;
		if (!strncmp(msg, "DMAR: DRHD: handling fault status", 33)) {
			unsigned int status = 0;

			if (sscanf(msg + 33, " reg %x", &status) == 1 && (status & 2))	/* DMA_FSTS_PPF */
				*handled = 1;
		}
		dma = strstr(msg, "[DMA ");
		if (!dma || strncmp(msg, "DMAR: ", 6))
			continue;
		if (!strncmp(dma, "[DMA Read", 9))
			*read_fault = 1;
		else if (!strncmp(dma, "[DMA Write", 10))
			*write_fault = 1;
		if (!fault[0]) {
			char *nl = strchr(dma, '\n');

			if (nl)
				*nl = 0;
			snprintf(fault, len, "%s", dma);
		}
	}
}

/* Whether any descriptor's DD bit was written back; clears them all. */
static int dd_written(void)
{
	int seen = 0;

	for (uint64_t off = 12; off < BACKING; off += 16)
		if (backing_view[off] & 1) {
			seen = 1;
			backing_view[off] &= ~1;
		}
	return seen;
}

/*
 * dma DEV IOVA read|write: the e1000 fetches one TX descriptor from IOVA (a DMA read through the
 * domain its group is on) and, as the descriptor asks, writes its DD status bit back at IOVA + 12
 * (a DMA write). The IOMMU's verdict: the DD bit arriving in user memory, or the DMAR fault record
 * the kernel logs. Returns 1 for a fault.
 */
static int op_dma(struct dev *d, uint64_t iova, int write)
{
	char fault[512] = "";
	int read_fault = 0, write_fault = 0, handled = 0, dd = 0, rc;
	uint16_t cmd;
	uint32_t head;

	rc = region(d);
	if (rc)
		return skip("no-e1000-bar %s", errname(-rc));
	/* memory space and bus master: without BME the device's DMA never reaches the IOMMU */
	if (pread(d->fd, &cmd, 2, d->config_off + 4) != 2)
		return -errno;
	cmd |= 0x6;
	if (pwrite(d->fd, &cmd, 2, d->config_off + 4) != 2)
		return -errno;
	kmsg_drain(fault, sizeof(fault), &read_fault, &write_fault, &handled);
	fault[0] = 0;
	read_fault = write_fault = handled = 0;
	dd_written();
	pace_faults();
	reg_write(d, E1000_TCTL, 0);
	reg_write(d, E1000_TDBAL, (uint32_t)(iova & ~0xfULL));
	reg_write(d, E1000_TDBAH, (uint32_t)(iova >> 32));
	reg_write(d, E1000_TDLEN, 128);
	reg_write(d, E1000_TDH, 0);
	reg_write(d, E1000_TDT, 0);
	reg_write(d, E1000_TCTL, E1000_TCTL_EN);
	reg_write(d, E1000_TDT, 1);	/* start_xmit(): fetch descriptor 0 */
	head = reg_read(d, E1000_TDH);
	for (int i = 0; i < 20; i++) {
		struct timespec ts = { 0, 10 * 1000 * 1000 };

		nanosleep(&ts, NULL);
		dd |= dd_written();
		kmsg_drain(fault, sizeof(fault), &read_fault, &write_fault, &handled);
		if ((dd || read_fault || write_fault) && i >= 2)
			break;
	}
	reg_write(d, E1000_TCTL, 0);
	if (read_fault || write_fault || handled)
		fault_raised();
	if (head != 1)
		return skip("e1000-did-not-fetch tdh=%u", head);
	for (char *p = fault; *p; p++)
		if (*p == ' ')
			*p = '_';
	if (read_fault) {
		outf(" access=read record=%s", fault);
		return 1;
	}
	if (dd) {
		outf(" access=%s dd=1", write ? "write" : "read");
		return 0;
	}
	if (handled && !write_fault) {
		/* a fault was handled but its record not printed: which access faulted is unknown */
		outf(" access=unknown record=suppressed");
		return 1;
	}
	/*
	 * The descriptor was read (no read fault) but its write-back never landed: refused by the
	 * IOMMU. QEMU's VT-d drops a write that its IOTLB entry, filled by the read, does not permit
	 * without recording a fault; a recorded one says so.
	 */
	if (!write) {
		outf(" access=read dd=0 writeback=refused");
		return 0;
	}
	outf(" access=write writeback=refused%s%s", fault[0] ? " record=" : "", fault);
	return 1;
}

/* ---- the op line ------------------------------------------------------------------------------- */

static int run_op(int nt, char **t, uint64_t *prim, int *has_prim)
{
	const char *op = t[0];

	*has_prim = 1;
	if (!strcmp(op, "bind"))
		return nt < 2 ? skip("malformed bind") : op_bind(t[1], prim);
	if (!strcmp(op, "ioas_alloc"))
		return op_ioas_alloc(prim);
	if (!strcmp(op, "map"))
		return op_map(nt, t, prim);
	if (!strcmp(op, "unmap"))
		return op_unmap(nt, t, prim);
	if (!strcmp(op, "copy"))
		return op_copy(nt, t, prim);
	if (!strcmp(op, "iova_ranges"))
		return op_iova_ranges(nt, t, prim);
	if (!strcmp(op, "hwpt_alloc"))
		return op_hwpt_alloc(nt, t, prim);
	*has_prim = 0;
	if (!strcmp(op, "allow_iovas"))
		return op_allow_iovas(nt, t);
	if (nt < 2)
		return skip("malformed %s", op);
	uint64_t a1 = val(t[1]);
	if (skip_reason)
		return 0;
	if (!strcmp(op, "unbind"))
		return op_unbind(a1);
	if (!strcmp(op, "detach"))
		return op_detach(a1);
	if (!strcmp(op, "destroy"))
		return op_destroy(a1);
	if (!strcmp(op, "attach") || !strcmp(op, "replace")) {
		uint64_t pt = val(nt > 2 ? t[2] : NULL);

		*has_prim = 1;
		return skip_reason ? 0 : op_attach(a1, pt, !strcmp(op, "replace"), prim);
	}
	if (!strcmp(op, "mock_unbind"))
		return op_mock_unbind(a1);
	if (!strcmp(op, "mock_replace")) {
		uint64_t pt = val(nt > 2 ? t[2] : NULL);

		*has_prim = 1;
		return skip_reason ? 0 : op_mock_replace(a1, pt, prim);
	}
	if (!strcmp(op, "add_reserved")) {
		uint64_t start = val(nt > 2 ? t[2] : NULL), len = val(nt > 3 ? t[3] : NULL);

		return skip_reason ? 0 : op_add_reserved(a1, start, len);
	}
	return skip("unknown-op %s", op);
}

/* dma dev=ID|bdf=BDF IOVA read|write: separate, as its outcome may be a fault */
static int run_dma(int nt, char **t)
{
	struct dev *d = NULL;
	uint64_t iova;

	if (nt < 4)
		return skip("malformed dma");
	if (!strncmp(t[1], "dev=", 4)) {
		uint64_t id = val(t[1] + 4);

		if (skip_reason)
			return 0;
		d = dev_by_id(id);
	} else if (!strncmp(t[1], "bdf=", 4)) {
		d = dev_by_bdf(t[1] + 4, 0);
		if (d && (d->fd < 0 || !d->bound))
			d = NULL;
	}
	iova = val(t[2]);
	if (skip_reason)
		return 0;
	if (!d)
		return skip("not-bound");
	return op_dma(d, iova, !strcmp(t[3], "write"));
}

static int run_steps(FILE *in)
{
	char line[8192];

	setvbuf(stdout, NULL, _IOLBF, 0);
	iommufd = open("/dev/iommu", O_RDWR | O_CLOEXEC);
	if (iommufd < 0) {
		printf("runner err %s /dev/iommu\n", errname(errno));
		return 1;
	}
	if (backing_init()) {
		printf("runner err %s memfd\n", errname(errno));
		return 1;
	}
	kmsg = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (kmsg >= 0)
		lseek(kmsg, 0, SEEK_END);
	faults_load();

	while (fgets(line, sizeof(line), in)) {
		char *t[MAX_TOK], *p, *save, *step, *assign = NULL;
		int nt = 0, has_prim = 0, rc;
		uint64_t prim = 0;

		line[strcspn(line, "\r\n")] = 0;
		if ((p = strchr(line, '#')))
			*p = 0;
		step = strtok_r(line, " \t", &save);
		if (!step)
			continue;
		for (p = strtok_r(NULL, " \t", &save); p && nt < MAX_TOK; p = strtok_r(NULL, " \t", &save))
			t[nt++] = p;
		if (nt && t[0][strlen(t[0]) - 1] == '=') {
			t[0][strlen(t[0]) - 1] = 0;
			assign = t[0];
			memmove(t, t + 1, (nt - 1) * sizeof(t[0]));
			nt--;
		}
		if (!nt) {
			printf("%s skip malformed empty\n", step);
			continue;
		}
		outlen = 0;
		out[0] = 0;
		skip_reason = NULL;
		runner_errno = 0;
		if (!strcmp(t[0], "mock_domain")) {
			op_mock_domain(step, assign, nt, t);
			continue;
		}
		if (!strcmp(t[0], "probe_test_cmd"))
			rc = op_probe_test_cmd();
		else if (!strcmp(t[0], "dma"))
			rc = run_dma(nt, t);
		else
			rc = run_op(nt, t, &prim, &has_prim);
		if (skip_reason)
			printf("%s skip %s\n", step, skip_reason);
		else if (rc == 1)
			printf("%s fault%s\n", step, out);
		else if (rc)
			printf("%s err %s%s%s\n", step, errname(-rc), out, runner_errno ? " via=runner" : "");
		else {
			printf("%s ok%s\n", step, out);
			if (assign && has_prim)
				var_set(assign, prim);
		}
	}
	return 0;
}

static int run_drivers(FILE *in)
{
	char line[512], bdf[128], drv[64];

	setvbuf(stdout, NULL, _IOLBF, 0);
	while (fgets(line, sizeof(line), in)) {
		int rc;

		if (sscanf(line, "%127s %63s", bdf, drv) != 2)
			continue;
		rc = set_driver(bdf, drv);
		if (rc)
			printf("%s err %s\n", bdf, errname(-rc));
		else
			printf("%s ok driver=%s\n", bdf, drv);
	}
	return 0;
}

int main(int argc, char **argv)
{
	FILE *in;

	if (argc != 3 || (strcmp(argv[1], "steps") && strcmp(argv[1], "drivers"))) {
		fprintf(stderr, "usage: iommuscope-runner steps|drivers FILE\n");
		return 2;
	}
	in = fopen(argv[2], "r");
	if (!in) {
		perror(argv[2]);
		return 2;
	}
	return !strcmp(argv[1], "steps") ? run_steps(in) : run_drivers(in);
}
