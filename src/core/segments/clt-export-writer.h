/* clt-export-writer.h: an audience written as a newsletter tool, a spreadsheet or an address book reads it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum
{
  CLT_EXPORT_FORMAT_MAILCHIMP,
  CLT_EXPORT_FORMAT_BREVO,
  CLT_EXPORT_FORMAT_CLEVERREACH,
  CLT_EXPORT_FORMAT_CSV,
  CLT_EXPORT_FORMAT_VCARD,
} CltExportFormat;

/* One recipient's values; NULL where unknown. */
typedef struct
{
  gint64      profile_id;
  const char *email;
  const char *first_name;
  const char *last_name;
  const char *phone;
  const char *street;
  const char *postcode;
  const char *city;
  const char *country;
  const char *birthday;
  const char *company;
  const char *spend;
  const char *orders;
  const char *last_activity;
  const char *legal_basis;
} CltExportRecord;

#define CLT_TYPE_EXPORT_WRITER (clt_export_writer_get_type ())

G_DECLARE_FINAL_TYPE (CltExportWriter, clt_export_writer, CLT, EXPORT_WRITER, GObject)

gboolean            clt_export_format_from_string  (const char          *text,
                                                    CltExportFormat     *format);
const char         *clt_export_format_to_string    (CltExportFormat      format);
const char         *clt_export_format_get_extension (CltExportFormat     format);
const char * const *clt_export_list_columns        (void);
char               *clt_export_neutralise          (const char          *value);

CltExportWriter    *clt_export_writer_new          (CltExportFormat      format,
                                                    const char * const  *columns,
                                                    GOutputStream       *stream,
                                                    GError             **error);
gboolean            clt_export_writer_add          (CltExportWriter     *self,
                                                    const CltExportRecord *record,
                                                    GCancellable        *cancellable,
                                                    GError             **error);
gboolean            clt_export_writer_finish       (CltExportWriter     *self,
                                                    GCancellable        *cancellable,
                                                    GError             **error);
gint64              clt_export_writer_get_count    (CltExportWriter     *self);
const char         *clt_export_writer_get_sha256   (CltExportWriter     *self);

G_END_DECLS
