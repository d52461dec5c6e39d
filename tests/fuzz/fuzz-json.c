/* fuzz-json.c: the JSON reader on any bytes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "clt-core.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_data (data, size, NULL);
  g_autoptr(CltJsonReader) reader = clt_json_reader_new (stream, NULL);
  CltRowStatus status;

  if (reader == NULL)
    return 0;

  do
    {
      g_autoptr(GError) error = NULL;
      const char * const *header = clt_row_reader_get_header (CLT_ROW_READER (reader));

      status = clt_row_reader_next (CLT_ROW_READER (reader), &error);
      if (status == CLT_ROW_READ)
        for (guint i = 0; header[i]; i++)
          g_assert_nonnull (clt_row_reader_get_field (CLT_ROW_READER (reader), i));
    }
  while (status == CLT_ROW_READ || status == CLT_ROW_BAD);

  return 0;
}
