/* clt-field.h: the fields a column of an export can be mapped to
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  CLT_FIELD_NONE,
  /* identity */
  CLT_FIELD_EXTERNAL_ID,
  CLT_FIELD_FIRST_NAME,
  CLT_FIELD_LAST_NAME,
  CLT_FIELD_FULL_NAME,
  CLT_FIELD_EMAIL,
  CLT_FIELD_PHONE,
  CLT_FIELD_MOBILE,
  CLT_FIELD_STREET,
  CLT_FIELD_STREET2,
  CLT_FIELD_POSTCODE,
  CLT_FIELD_CITY,
  CLT_FIELD_REGION,
  CLT_FIELD_COUNTRY,
  CLT_FIELD_COMPANY,
  CLT_FIELD_BIRTHDAY,
  CLT_FIELD_CARD_NUMBER,
  CLT_FIELD_CREATED_AT,
  CLT_FIELD_TAGS,
  /* events */
  CLT_FIELD_ORDER_ID,
  CLT_FIELD_ORDER_DATE,
  CLT_FIELD_AMOUNT,
  CLT_FIELD_CURRENCY,
  CLT_FIELD_ITEM,
  CLT_FIELD_QUANTITY,
  CLT_FIELD_ITEM_PRICE,
  CLT_FIELD_STORE,
  /* consent */
  CLT_FIELD_EMAIL_CONSENT,
  CLT_FIELD_EMAIL_OPT_OUT,
  CLT_FIELD_SMS_CONSENT,
  CLT_FIELD_OPTIN_TIME,
  CLT_FIELD_OPTIN_IP,
  CLT_FIELD_CONFIRM_TIME,
  CLT_FIELD_CONFIRM_IP,
  CLT_FIELD_UNSUB_TIME,
  CLT_FIELD_UNSUB_REASON,
  CLT_FIELD_CLEAN_TIME,
  CLT_FIELD_CAMPAIGN,
  CLT_FIELD_NEWSLETTER_STATUS,
  CLT_FIELD_STATUS_TIME,
  CLT_N_FIELDS
} CltField;

const char *clt_field_get_id        (CltField    field);
const char *clt_field_get_label     (CltField    field);
CltField    clt_field_from_id       (const char *id);
CltField    clt_field_guess         (const char *column);
gboolean    clt_field_is_identifier (CltField    field);
gboolean    clt_field_is_repeatable (CltField    field);

G_END_DECLS
