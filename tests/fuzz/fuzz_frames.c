/* Pcaps and frames given to the frame renderer (core/frames.h): what
 * `nspath compare` reads from the captures and renders for comparison.
 * The input is read as a pcap file (through a memory file, as libpcap
 * reads any file), and rendered as one Ethernet frame as well.
 *
 * Asserted: a rendered frame is one line of printable ASCII; the frame
 * numbers of a file only grow. */
#include <sys/mman.h>
#include <unistd.h>

#include "core/frames.h"
#include "tests/fuzz/fuzz.h"

static void frames_line_check(const char *text) {
  for (const char *p = text; *p; p++)
    FUZZ_ASSERT(*p >= 0x20 && *p < 0x7f, "rendered frame holds byte 0x%02x: %s",
                (unsigned char)*p, text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  nsp_frame_labels l;
  nsp_frame_labels_init(&l);
  char *one = nsp_frame_render(&l, data, size);
  if (one) frames_line_check(one);
  g_free(one);
  nsp_frame_labels_clear(&l);

  int fd = memfd_create("fuzz.pcap", MFD_CLOEXEC);
  if (fd < 0 || write(fd, data, size) != (ssize_t)size) abort();
  char *path = g_strdup_printf("/proc/self/fd/%d", fd);
  GError *err = NULL;
  GPtrArray *frames = nsp_frames_read(path, &err);
  if (frames) {
    guint last = 0;
    for (guint i = 0; i < frames->len; i++) {
      const nsp_frame *f = g_ptr_array_index(frames, i);
      FUZZ_ASSERT(f->number > last, "frame %u after %u", f->number, last);
      last = f->number;
      frames_line_check(f->text);
    }
    g_ptr_array_free(frames, TRUE);
  } else {
    FUZZ_ASSERT(err && err->message[0], "a pcap refused without a reason");
    g_error_free(err);
  }
  g_free(path);
  close(fd);
  return 0;
}
