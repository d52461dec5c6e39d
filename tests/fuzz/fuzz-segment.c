/* fuzz-segment.c: the segment definition loader on any bytes
 *
 * Whatever it reads back must write out as JSON that reads back the same.
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
  g_autoptr(GError) error = NULL;
  g_autoptr(CltSegmentGroup) root = clt_segment_definition_from_json ((const char *) data, size, &error);
  g_autoptr(CltSegmentGroup) again = NULL;
  g_autofree char *json = NULL;
  g_autofree char *json_again = NULL;

  if (root == NULL)
    {
      g_assert_nonnull (error);
      return 0;
    }

  json = clt_segment_definition_to_json (root);
  again = clt_segment_definition_from_json (json, -1, &error);
  g_assert_no_error (error);
  json_again = clt_segment_definition_to_json (again);
  g_assert_cmpstr (json, ==, json_again);

  return 0;
}
