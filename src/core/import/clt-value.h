/* clt-value.h: reading the values of customer exports
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  CLT_DATE_ORDER_DMY,
  CLT_DATE_ORDER_MDY,
} CltDateOrder;

typedef enum
{
  CLT_NUMBER_STYLE_AUTO,
  CLT_NUMBER_STYLE_DECIMAL_COMMA,
  CLT_NUMBER_STYLE_DECIMAL_POINT,
} CltNumberStyle;

char     *clt_value_parse_date          (const char      *text,
                                         CltDateOrder     order,
                                         GError         **error);
char     *clt_value_parse_birthday      (const char      *text,
                                         CltDateOrder     order,
                                         GError         **error);
gboolean  clt_value_parse_amount        (const char      *text,
                                         CltNumberStyle   style,
                                         gint64          *cents,
                                         GError         **error);
gboolean  clt_value_parse_bool          (const char      *text,
                                         gboolean        *value,
                                         GError         **error);
char     *clt_value_normalise_email     (const char      *text,
                                         GError         **error);
char     *clt_value_normalise_phone     (const char      *text,
                                         const char      *country,
                                         GError         **error);
char     *clt_value_normalise_country   (const char      *text);
char     *clt_value_normalise_postcode  (const char      *text);

G_END_DECLS
