/* fuzz-value.c: the value parsers (dates, amounts, yes/no, e-mails, phones, countries)
 * on any text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "clt-core.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autofree char *dmy = clt_value_parse_date (text, CLT_DATE_ORDER_DMY, NULL);
  g_autofree char *mdy = clt_value_parse_date (text, CLT_DATE_ORDER_MDY, NULL);
  g_autofree char *birthday = clt_value_parse_birthday (text, CLT_DATE_ORDER_MDY, NULL);
  g_autofree char *email = clt_value_normalise_email (text, NULL);
  g_autofree char *phone = clt_value_normalise_phone (text, "DE", NULL);
  g_autofree char *country = clt_value_normalise_country (text);
  g_autofree char *postcode = clt_value_normalise_postcode (text);
  gint64 cents;
  gboolean flag;

  clt_value_parse_amount (text, CLT_NUMBER_STYLE_AUTO, &cents, NULL);
  clt_value_parse_amount (text, CLT_NUMBER_STYLE_DECIMAL_COMMA, &cents, NULL);
  clt_value_parse_bool (text, &flag, NULL);

  /* What the parsers return is always text of the form they promise. */
  g_assert (dmy == NULL || (g_utf8_validate (dmy, -1, NULL) && dmy[4] == '-'));
  g_assert (phone == NULL || (phone[0] == '+' && strlen (phone) <= 16));
  g_assert (birthday == NULL || birthday[0] == '-' || birthday[4] == '-');

  return 0;
}
