/* clt-segment.c: a saved segment, or one version of it
 *
 * A snapshot read from the workspace: its properties do not change. The store
 * (clt-segment-store.c) writes segments and lists them as these.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-segment"

#include "config.h"

#include "clt-segment-enums.h"
#include "clt-segment-json.h"
#include "clt-segment-store-private.h"

struct _CltSegment
{
  GObject parent_instance;

  gint64 id;
  char *name;
  CltSegmentKind kind;
  char *definition;
  gint64 version;
  char *actor;
  char *updated_at;
  gboolean deleted;
  char *suggestion;
};

G_DEFINE_FINAL_TYPE (CltSegment, clt_segment, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_KIND,
  PROP_DEFINITION,
  PROP_VERSION,
  PROP_ACTOR,
  PROP_UPDATED_AT,
  PROP_DELETED,
  PROP_SUGGESTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
clt_segment_finalize (GObject *object)
{
  CltSegment *self = (CltSegment *) object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->definition, g_free);
  g_clear_pointer (&self->actor, g_free);
  g_clear_pointer (&self->updated_at, g_free);
  g_clear_pointer (&self->suggestion, g_free);

  G_OBJECT_CLASS (clt_segment_parent_class)->finalize (object);
}

static void
clt_segment_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  CltSegment *self = CLT_SEGMENT (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;

    case PROP_DEFINITION:
      g_value_set_string (value, self->definition);
      break;

    case PROP_VERSION:
      g_value_set_int64 (value, self->version);
      break;

    case PROP_ACTOR:
      g_value_set_string (value, self->actor);
      break;

    case PROP_UPDATED_AT:
      g_value_set_string (value, self->updated_at);
      break;

    case PROP_DELETED:
      g_value_set_boolean (value, self->deleted);
      break;

    case PROP_SUGGESTION:
      g_value_set_string (value, self->suggestion);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clt_segment_class_init (CltSegmentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = clt_segment_finalize;
  object_class->get_property = clt_segment_get_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  properties[PROP_KIND] = g_param_spec_enum ("kind", NULL, NULL, CLT_TYPE_SEGMENT_KIND, CLT_SEGMENT_KIND_DYNAMIC, flags);
  properties[PROP_DEFINITION] = g_param_spec_string ("definition", NULL, NULL, NULL, flags);
  properties[PROP_VERSION] = g_param_spec_int64 ("version", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_ACTOR] = g_param_spec_string ("actor", NULL, NULL, NULL, flags);
  properties[PROP_UPDATED_AT] = g_param_spec_string ("updated-at", NULL, NULL, NULL, flags);
  properties[PROP_DELETED] = g_param_spec_boolean ("deleted", NULL, NULL, FALSE, flags);
  /* The description of the suggested audience it was made from (clt-suggestions.c), or NULL. */
  properties[PROP_SUGGESTION] = g_param_spec_string ("suggestion", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
clt_segment_init (CltSegment *self)
{
}

CltSegment *
_clt_segment_new (gint64          id,
                  const char     *name,
                  CltSegmentKind  kind,
                  const char     *definition,
                  gint64          version,
                  const char     *actor,
                  const char     *updated_at,
                  gboolean        deleted,
                  const char     *suggestion)
{
  CltSegment *self = g_object_new (CLT_TYPE_SEGMENT, NULL);

  self->id = id;
  self->name = g_strdup (name);
  self->kind = kind;
  self->definition = g_strdup (definition);
  self->version = version;
  self->actor = g_strdup (actor);
  self->updated_at = g_strdup (updated_at);
  self->deleted = deleted;
  self->suggestion = g_strdup (suggestion);

  return self;
}

/**
 * clt_segment_dup_root:
 *
 * Returns: (transfer full): the definition as a tree to edit, or %NULL
 */
CltSegmentGroup *
clt_segment_dup_root (CltSegment  *self,
                      GError     **error)
{
  g_return_val_if_fail (CLT_IS_SEGMENT (self), NULL);

  return clt_segment_definition_from_json (self->definition, -1, error);
}

gint64
clt_segment_get_id (CltSegment *self)
{
  g_return_val_if_fail (CLT_IS_SEGMENT (self), 0);

  return self->id;
}

const char *
clt_segment_get_name (CltSegment *self)
{
  g_return_val_if_fail (CLT_IS_SEGMENT (self), 0);

  return self->name;
}

CltSegmentKind
clt_segment_get_kind (CltSegment *self)
{
  g_return_val_if_fail (CLT_IS_SEGMENT (self), 0);

  return self->kind;
}

const char *
clt_segment_get_definition (CltSegment *self)
{
  g_return_val_if_fail (CLT_IS_SEGMENT (self), 0);

  return self->definition;
}

gint64
clt_segment_get_version (CltSegment *self)
{
  g_return_val_if_fail (CLT_IS_SEGMENT (self), 0);

  return self->version;
}

const char *
clt_segment_get_actor (CltSegment *self)
{
  g_return_val_if_fail (CLT_IS_SEGMENT (self), 0);

  return self->actor;
}

const char *
clt_segment_get_updated_at (CltSegment *self)
{
  g_return_val_if_fail (CLT_IS_SEGMENT (self), 0);

  return self->updated_at;
}

gboolean
clt_segment_get_deleted (CltSegment *self)
{
  g_return_val_if_fail (CLT_IS_SEGMENT (self), 0);

  return self->deleted;
}

/* Returns: (nullable): the suggested audience it was made from, described */
const char *
clt_segment_get_suggestion (CltSegment *self)
{
  g_return_val_if_fail (CLT_IS_SEGMENT (self), NULL);

  return self->suggestion;
}
