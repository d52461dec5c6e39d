/* clt-mapping.c: which column of a file goes to which field
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-mapping"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "clt-import-error.h"
#include "clt-mapping.h"

#define MAPPING_VERSION 1

struct _CltMapping
{
  GObject          parent_instance;

  const CltPreset *preset;
  GStrv            header;
  GArray          *fields;
  gboolean         keep_unmapped;
};

enum {
  PROP_0,
  PROP_KEEP_UNMAPPED,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CltMapping, clt_mapping, G_TYPE_OBJECT)

static void
clt_mapping_finalize (GObject *object)
{
  CltMapping *self = (CltMapping *) object;

  g_clear_pointer (&self->header, g_strfreev);
  g_clear_pointer (&self->fields, g_array_unref);

  G_OBJECT_CLASS (clt_mapping_parent_class)->finalize (object);
}

static void
clt_mapping_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  CltMapping *self = CLT_MAPPING (object);

  switch (prop_id)
    {
    case PROP_KEEP_UNMAPPED:
      g_value_set_boolean (value, self->keep_unmapped);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clt_mapping_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  CltMapping *self = CLT_MAPPING (object);

  switch (prop_id)
    {
    case PROP_KEEP_UNMAPPED:
      clt_mapping_set_keep_unmapped (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clt_mapping_class_init (CltMappingClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = clt_mapping_finalize;
  object_class->get_property = clt_mapping_get_property;
  object_class->set_property = clt_mapping_set_property;

  properties[PROP_KEEP_UNMAPPED] =
    g_param_spec_boolean ("keep-unmapped", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CltMapping::changed:
   *
   * A column's field changed.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
clt_mapping_init (CltMapping *self)
{
  self->fields = g_array_new (FALSE, TRUE, sizeof (CltField));
}

/**
 * clt_mapping_new_for_header:
 * @preset: (nullable): the preset; %NULL to recognise one, or fall back to the generic one
 *
 * Maps each column as @preset says, else by the meaning of its name. A field that
 * takes one column goes to the first column that means it.
 */
CltMapping *
clt_mapping_new_for_header (const char * const *header,
                            const CltPreset    *preset)
{
  CltMapping *self = g_object_new (CLT_TYPE_MAPPING, NULL);
  gboolean taken[CLT_N_FIELDS] = { FALSE };

  if (preset == NULL)
    preset = clt_preset_recognise (header);
  if (preset == NULL)
    preset = clt_preset_get_generic ();

  self->preset = preset;
  self->header = g_strdupv ((char **) header);
  g_array_set_size (self->fields, g_strv_length (self->header));

  for (guint i = 0; header[i]; i++)
    {
      CltField field = clt_preset_map_column (preset, header[i]);

      if (field != CLT_FIELD_NONE && taken[field] && !clt_field_is_repeatable (field))
        field = CLT_FIELD_NONE;

      taken[field] = TRUE;
      g_array_index (self->fields, CltField, i) = field;
    }

  return self;
}

/**
 * clt_mapping_new_from_json:
 * @json: a mapping as clt_mapping_to_json() writes it
 *
 * Columns the mapping does not name are left out.
 */
CltMapping *
clt_mapping_new_from_json (const char * const  *header,
                           const char          *json,
                           GError             **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(CltMapping) self = NULL;
  JsonObject *root;
  JsonObject *columns;
  const CltPreset *preset;

  if (!json_parser_load_from_data (parser, json, -1, error))
    return NULL;

  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)) ||
      !json_object_has_member ((root = json_node_get_object (json_parser_get_root (parser))), "version") ||
      json_object_get_int_member (root, "version") != MAPPING_VERSION ||
      !json_object_has_member (root, "columns") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (root, "columns")))
    {
      g_set_error (error, CLT_IMPORT_ERROR, CLT_IMPORT_ERROR_FAILED,
                   _("This is not a Clientele column mapping of version %d"), MAPPING_VERSION);
      return NULL;
    }

  preset = clt_preset_find (json_object_get_string_member_with_default (root, "preset", "generic"));
  if (preset == NULL)
    preset = clt_preset_get_generic ();

  self = g_object_new (CLT_TYPE_MAPPING, NULL);
  self->preset = preset;
  self->header = g_strdupv ((char **) header);
  self->keep_unmapped = json_object_get_boolean_member_with_default (root, "keep_unmapped", FALSE);
  g_array_set_size (self->fields, g_strv_length (self->header));

  columns = json_object_get_object_member (root, "columns");
  for (guint i = 0; header[i]; i++)
    {
      const char *id = json_object_get_string_member_with_default (columns, header[i], "none");
      CltField field = clt_field_from_id (id);

      if (field == CLT_FIELD_NONE && g_strcmp0 (id, "none") != 0)
        {
          g_set_error (error, CLT_IMPORT_ERROR, CLT_IMPORT_ERROR_FAILED,
                       _("The mapping names an unknown field “%s”"), id);
          return NULL;
        }
      g_array_index (self->fields, CltField, i) = field;
    }

  return g_steal_pointer (&self);
}

/**
 * clt_mapping_to_json:
 *
 * Returns: (transfer full): the mapping as JSON, for saving per source and for `--map`
 */
char *
clt_mapping_to_json (CltMapping *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (CLT_IS_MAPPING (self), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, MAPPING_VERSION);
  json_builder_set_member_name (builder, "preset");
  json_builder_add_string_value (builder, self->preset->id);
  json_builder_set_member_name (builder, "keep_unmapped");
  json_builder_add_boolean_value (builder, self->keep_unmapped);
  json_builder_set_member_name (builder, "columns");
  json_builder_begin_object (builder);
  for (guint i = 0; self->header[i]; i++)
    {
      json_builder_set_member_name (builder, self->header[i]);
      json_builder_add_string_value (builder, clt_field_get_id (g_array_index (self->fields, CltField, i)));
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);

  return json_generator_to_data (generator, NULL);
}

const CltPreset *
clt_mapping_get_preset (CltMapping *self)
{
  g_return_val_if_fail (CLT_IS_MAPPING (self), NULL);

  return self->preset;
}

guint
clt_mapping_get_n_columns (CltMapping *self)
{
  g_return_val_if_fail (CLT_IS_MAPPING (self), 0);

  return self->fields->len;
}

const char *
clt_mapping_get_column (CltMapping *self,
                        guint       column)
{
  g_return_val_if_fail (CLT_IS_MAPPING (self), NULL);
  g_return_val_if_fail (column < self->fields->len, NULL);

  return self->header[column];
}

CltField
clt_mapping_get_field (CltMapping *self,
                       guint       column)
{
  g_return_val_if_fail (CLT_IS_MAPPING (self), CLT_FIELD_NONE);

  if (column >= self->fields->len)
    return CLT_FIELD_NONE;

  return g_array_index (self->fields, CltField, column);
}

void
clt_mapping_set_field (CltMapping *self,
                       guint       column,
                       CltField    field)
{
  g_return_if_fail (CLT_IS_MAPPING (self));
  g_return_if_fail (column < self->fields->len);
  g_return_if_fail (field < CLT_N_FIELDS);

  if (g_array_index (self->fields, CltField, column) == field)
    return;

  g_array_index (self->fields, CltField, column) = field;
  g_signal_emit (self, signals[CHANGED], 0);
}

/**
 * clt_mapping_find_field:
 *
 * Returns: the first column mapped to @field, or -1
 */
int
clt_mapping_find_field (CltMapping *self,
                        CltField    field)
{
  g_return_val_if_fail (CLT_IS_MAPPING (self), -1);

  for (guint i = 0; i < self->fields->len; i++)
    {
      if (g_array_index (self->fields, CltField, i) == field)
        return i;
    }

  return -1;
}

gboolean
clt_mapping_get_keep_unmapped (CltMapping *self)
{
  g_return_val_if_fail (CLT_IS_MAPPING (self), FALSE);

  return self->keep_unmapped;
}

void
clt_mapping_set_keep_unmapped (CltMapping *self,
                               gboolean    keep_unmapped)
{
  g_return_if_fail (CLT_IS_MAPPING (self));

  keep_unmapped = !!keep_unmapped;
  if (self->keep_unmapped == keep_unmapped)
    return;

  self->keep_unmapped = keep_unmapped;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KEEP_UNMAPPED]);
}

/**
 * clt_mapping_has_identifier:
 *
 * Returns: whether some column can tell who a row is about: an e-mail, phone, customer
 *   or card number, or a name
 */
gboolean
clt_mapping_has_identifier (CltMapping *self)
{
  g_return_val_if_fail (CLT_IS_MAPPING (self), FALSE);

  for (guint i = 0; i < self->fields->len; i++)
    {
      CltField field = g_array_index (self->fields, CltField, i);

      if (clt_field_is_identifier (field) || field == CLT_FIELD_LAST_NAME || field == CLT_FIELD_FULL_NAME)
        return TRUE;
    }

  return FALSE;
}

/**
 * clt_mapping_dup_unplaced:
 *
 * Returns: (transfer full): the columns mapped to no field, comma-separated
 */
char *
clt_mapping_dup_unplaced (CltMapping *self)
{
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_auto(GStrv) strv = NULL;

  g_return_val_if_fail (CLT_IS_MAPPING (self), NULL);

  for (guint i = 0; i < self->fields->len; i++)
    {
      if (g_array_index (self->fields, CltField, i) == CLT_FIELD_NONE)
        g_strv_builder_add (names, self->header[i]);
    }

  strv = g_strv_builder_end (names);

  return g_strjoinv (", ", strv);
}
