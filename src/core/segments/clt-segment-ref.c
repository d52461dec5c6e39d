/* clt-segment-ref.c: the members of another saved segment
 *
 * A reference names the segment by id, so that renaming it keeps the reference; a static
 * segment contributes its frozen list, a dynamic one its definition as saved.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-segment-ref"

#include "config.h"

#include "clt-segment-ref.h"

struct _CltSegmentRef
{
  CltSegmentNode parent_instance;

  gint64 segment_id;
};

G_DEFINE_FINAL_TYPE (CltSegmentRef, clt_segment_ref, CLT_TYPE_SEGMENT_NODE)

enum {
  PROP_0,
  PROP_SEGMENT_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static CltSegmentNode *
clt_segment_ref_copy (CltSegmentNode *node)
{
  return CLT_SEGMENT_NODE (clt_segment_ref_new (CLT_SEGMENT_REF (node)->segment_id));
}

static void
clt_segment_ref_build_json (CltSegmentNode *node,
                            JsonBuilder    *builder)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "segment");
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, CLT_SEGMENT_REF (node)->segment_id);
  json_builder_end_object (builder);
}

static void
clt_segment_ref_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CltSegmentRef *self = CLT_SEGMENT_REF (object);

  switch (prop_id)
    {
    case PROP_SEGMENT_ID:
      g_value_set_int64 (value, self->segment_id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clt_segment_ref_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  CltSegmentRef *self = CLT_SEGMENT_REF (object);

  switch (prop_id)
    {
    case PROP_SEGMENT_ID:
      clt_segment_ref_set_segment_id (self, g_value_get_int64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clt_segment_ref_class_init (CltSegmentRefClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  CltSegmentNodeClass *node_class = CLT_SEGMENT_NODE_CLASS (klass);

  object_class->get_property = clt_segment_ref_get_property;
  object_class->set_property = clt_segment_ref_set_property;
  node_class->copy = clt_segment_ref_copy;
  node_class->build_json = clt_segment_ref_build_json;

  properties[PROP_SEGMENT_ID] =
    g_param_spec_int64 ("segment-id", NULL, NULL, 0, G_MAXINT64, 0,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
clt_segment_ref_init (CltSegmentRef *self)
{
}

CltSegmentRef *
clt_segment_ref_new (gint64 segment_id)
{
  return g_object_new (CLT_TYPE_SEGMENT_REF, "segment-id", segment_id, NULL);
}

gint64
clt_segment_ref_get_segment_id (CltSegmentRef *self)
{
  g_return_val_if_fail (CLT_IS_SEGMENT_REF (self), 0);

  return self->segment_id;
}

void
clt_segment_ref_set_segment_id (CltSegmentRef *self,
                                gint64         segment_id)
{
  g_return_if_fail (CLT_IS_SEGMENT_REF (self));

  if (self->segment_id == segment_id)
    return;

  self->segment_id = segment_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEGMENT_ID]);
  clt_segment_node_emit_changed (CLT_SEGMENT_NODE (self));
}
