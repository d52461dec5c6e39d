/* fuzz-csv.c: the CSV reader on any bytes
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
  g_autoptr(CltCsvReader) reader = clt_csv_reader_new (stream, NULL);
  CltRowStatus status;

  if (reader == NULL)
    return 0;

  do
    {
      g_autoptr(GError) error = NULL;

      status = clt_csv_reader_next (reader, &error);
      if (status == CLT_ROW_READ)
        for (guint i = 0; i < clt_csv_reader_get_n_columns (reader); i++)
          g_assert_nonnull (clt_csv_reader_get_field (reader, i));
      else if (status == CLT_ROW_BAD || status == CLT_ROW_ERROR)
        g_assert_nonnull (error);
    }
  while (status == CLT_ROW_READ || status == CLT_ROW_BAD);

  return 0;
}
