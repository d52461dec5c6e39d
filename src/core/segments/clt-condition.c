/* clt-condition.c: one condition of a segment
 *
 * A kind (attribute, source, behaviour, consent), a field from the catalogue, an operator
 * and its values as text, and for behaviour the event aggregate, filters and time window.
 * Nothing is checked here: the catalogue checks a condition when it is read from JSON or
 * compiled, so that a builder can hold a half-edited one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "clt-condition"

#include "config.h"

#include "clt-condition.h"
#include "clt-segment-enums.h"
#include "clt-segment-private.h"

struct _CltCondition
{
  CltSegmentNode parent_instance;
  CltConditionKind kind;
  char            *field;
  CltOperator      operator;
  GStrv            values;
  CltAggregate     aggregate;
  char            *product;
  char            *store;
  char            *campaign;
  char            *amount_min;
  char            *amount_max;
  CltTimeWindow    window;
  guint            window_days;
  char            *window_from;
  char            *window_to;
  char            *window_event;
  char            *channel;
};

G_DEFINE_FINAL_TYPE (CltCondition, clt_condition, CLT_TYPE_SEGMENT_NODE)

enum {
  PROP_0,
  PROP_KIND,
  PROP_FIELD,
  PROP_OPERATOR,
  PROP_VALUES,
  PROP_AGGREGATE,
  PROP_PRODUCT,
  PROP_STORE,
  PROP_CAMPAIGN,
  PROP_AMOUNT_MIN,
  PROP_AMOUNT_MAX,
  PROP_WINDOW,
  PROP_WINDOW_DAYS,
  PROP_WINDOW_FROM,
  PROP_WINDOW_TO,
  PROP_WINDOW_EVENT,
  PROP_CHANNEL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
changed (CltCondition *self,
         guint         prop_id)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
  clt_segment_node_emit_changed (CLT_SEGMENT_NODE (self));
}

static void
set_string (CltCondition  *self,
            char         **field,
            const char    *value,
            guint          prop_id)
{
  if (value != NULL && value[0] == '\0')
    value = NULL;
  if (g_set_str (field, value))
    changed (self, prop_id);
}

static CltSegmentNode *
clt_condition_copy (CltSegmentNode *node)
{
  CltCondition *self = CLT_CONDITION (node);
  CltCondition *copy = g_object_new (CLT_TYPE_CONDITION, NULL);

  copy->kind = self->kind;
  copy->field = g_strdup (self->field);
  copy->operator = self->operator;
  copy->values = g_strdupv (self->values);
  copy->aggregate = self->aggregate;
  copy->product = g_strdup (self->product);
  copy->store = g_strdup (self->store);
  copy->campaign = g_strdup (self->campaign);
  copy->amount_min = g_strdup (self->amount_min);
  copy->amount_max = g_strdup (self->amount_max);
  copy->window = self->window;
  copy->window_days = self->window_days;
  copy->window_from = g_strdup (self->window_from);
  copy->window_to = g_strdup (self->window_to);
  copy->window_event = g_strdup (self->window_event);
  copy->channel = g_strdup (self->channel);

  return CLT_SEGMENT_NODE (copy);
}

static void
clt_condition_build_json (CltSegmentNode *node,
                          JsonBuilder    *builder)
{
  _clt_condition_build_json (CLT_CONDITION (node), builder);
}

static void
clt_condition_finalize (GObject *object)
{
  CltCondition *self = (CltCondition *) object;

  g_clear_pointer (&self->field, g_free);
  g_clear_pointer (&self->values, g_strfreev);
  g_clear_pointer (&self->product, g_free);
  g_clear_pointer (&self->store, g_free);
  g_clear_pointer (&self->campaign, g_free);
  g_clear_pointer (&self->amount_min, g_free);
  g_clear_pointer (&self->amount_max, g_free);
  g_clear_pointer (&self->window_from, g_free);
  g_clear_pointer (&self->window_to, g_free);
  g_clear_pointer (&self->window_event, g_free);
  g_clear_pointer (&self->channel, g_free);

  G_OBJECT_CLASS (clt_condition_parent_class)->finalize (object);
}

static void
clt_condition_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  CltCondition *self = CLT_CONDITION (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;

    case PROP_FIELD:
      g_value_set_string (value, self->field);
      break;

    case PROP_OPERATOR:
      g_value_set_enum (value, self->operator);
      break;

    case PROP_VALUES:
      g_value_set_boxed (value, self->values);
      break;

    case PROP_AGGREGATE:
      g_value_set_enum (value, self->aggregate);
      break;

    case PROP_PRODUCT:
      g_value_set_string (value, self->product);
      break;

    case PROP_STORE:
      g_value_set_string (value, self->store);
      break;

    case PROP_CAMPAIGN:
      g_value_set_string (value, self->campaign);
      break;

    case PROP_AMOUNT_MIN:
      g_value_set_string (value, self->amount_min);
      break;

    case PROP_AMOUNT_MAX:
      g_value_set_string (value, self->amount_max);
      break;

    case PROP_WINDOW:
      g_value_set_enum (value, self->window);
      break;

    case PROP_WINDOW_DAYS:
      g_value_set_uint (value, self->window_days);
      break;

    case PROP_WINDOW_FROM:
      g_value_set_string (value, self->window_from);
      break;

    case PROP_WINDOW_TO:
      g_value_set_string (value, self->window_to);
      break;

    case PROP_WINDOW_EVENT:
      g_value_set_string (value, self->window_event);
      break;

    case PROP_CHANNEL:
      g_value_set_string (value, self->channel);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clt_condition_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  CltCondition *self = CLT_CONDITION (object);

  switch (prop_id)
    {
    case PROP_KIND:
      clt_condition_set_kind (self, g_value_get_enum (value));
      break;

    case PROP_FIELD:
      set_string (self, &self->field, g_value_get_string (value), PROP_FIELD);
      break;

    case PROP_OPERATOR:
      clt_condition_set_operator (self, g_value_get_enum (value));
      break;

    case PROP_VALUES:
      clt_condition_set_values (self, g_value_get_boxed (value));
      break;

    case PROP_AGGREGATE:
      clt_condition_set_aggregate (self, g_value_get_enum (value));
      break;

    case PROP_PRODUCT:
      set_string (self, &self->product, g_value_get_string (value), PROP_PRODUCT);
      break;

    case PROP_STORE:
      set_string (self, &self->store, g_value_get_string (value), PROP_STORE);
      break;

    case PROP_CAMPAIGN:
      set_string (self, &self->campaign, g_value_get_string (value), PROP_CAMPAIGN);
      break;

    case PROP_AMOUNT_MIN:
      set_string (self, &self->amount_min, g_value_get_string (value), PROP_AMOUNT_MIN);
      break;

    case PROP_AMOUNT_MAX:
      set_string (self, &self->amount_max, g_value_get_string (value), PROP_AMOUNT_MAX);
      break;

    case PROP_WINDOW:
      clt_condition_set_window (self, g_value_get_enum (value));
      break;

    case PROP_WINDOW_DAYS:
      clt_condition_set_window_days (self, g_value_get_uint (value));
      break;

    case PROP_WINDOW_FROM:
      set_string (self, &self->window_from, g_value_get_string (value), PROP_WINDOW_FROM);
      break;

    case PROP_WINDOW_TO:
      set_string (self, &self->window_to, g_value_get_string (value), PROP_WINDOW_TO);
      break;

    case PROP_WINDOW_EVENT:
      set_string (self, &self->window_event, g_value_get_string (value), PROP_WINDOW_EVENT);
      break;

    case PROP_CHANNEL:
      set_string (self, &self->channel, g_value_get_string (value), PROP_CHANNEL);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clt_condition_class_init (CltConditionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  CltSegmentNodeClass *node_class = CLT_SEGMENT_NODE_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = clt_condition_finalize;
  object_class->get_property = clt_condition_get_property;
  object_class->set_property = clt_condition_set_property;
  node_class->copy = clt_condition_copy;
  node_class->build_json = clt_condition_build_json;

  properties[PROP_KIND] = g_param_spec_enum ("kind", NULL, NULL, CLT_TYPE_CONDITION_KIND, CLT_CONDITION_ATTRIBUTE, flags);
  properties[PROP_FIELD] = g_param_spec_string ("field", NULL, NULL, NULL, flags);
  properties[PROP_OPERATOR] = g_param_spec_enum ("operator", NULL, NULL, CLT_TYPE_OPERATOR, CLT_OPERATOR_IS, flags);
  properties[PROP_VALUES] = g_param_spec_boxed ("values", NULL, NULL, G_TYPE_STRV, flags);
  properties[PROP_AGGREGATE] = g_param_spec_enum ("aggregate", NULL, NULL, CLT_TYPE_AGGREGATE, CLT_AGGREGATE_COUNT, flags);
  properties[PROP_PRODUCT] = g_param_spec_string ("product", NULL, NULL, NULL, flags);
  properties[PROP_STORE] = g_param_spec_string ("store", NULL, NULL, NULL, flags);
  properties[PROP_CAMPAIGN] = g_param_spec_string ("campaign", NULL, NULL, NULL, flags);
  properties[PROP_AMOUNT_MIN] = g_param_spec_string ("amount-min", NULL, NULL, NULL, flags);
  properties[PROP_AMOUNT_MAX] = g_param_spec_string ("amount-max", NULL, NULL, NULL, flags);
  properties[PROP_WINDOW] = g_param_spec_enum ("window", NULL, NULL, CLT_TYPE_TIME_WINDOW, CLT_TIME_WINDOW_ALWAYS, flags);
  properties[PROP_WINDOW_DAYS] = g_param_spec_uint ("window-days", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties[PROP_WINDOW_FROM] = g_param_spec_string ("window-from", NULL, NULL, NULL, flags);
  properties[PROP_WINDOW_TO] = g_param_spec_string ("window-to", NULL, NULL, NULL, flags);
  properties[PROP_WINDOW_EVENT] = g_param_spec_string ("window-event", NULL, NULL, NULL, flags);
  properties[PROP_CHANNEL] = g_param_spec_string ("channel", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
clt_condition_init (CltCondition *self)
{
}

/**
 * clt_condition_new:
 * @field: (nullable): a field of the catalogue (for consent: the purpose)
 * @values: (nullable) (array zero-terminated=1): the operator's values, as text
 */
CltCondition *
clt_condition_new (CltConditionKind    kind,
                   const char         *field,
                   CltOperator         op,
                   const char * const *values)
{
  return g_object_new (CLT_TYPE_CONDITION, "kind", kind, "field", field, "operator", op, "values", values, NULL);
}

/**
 * clt_condition_get_values:
 *
 * Returns: (transfer none) (array zero-terminated=1): the values; never %NULL
 */
const char * const *
clt_condition_get_values (CltCondition *self)
{
  static const char * const none[] = { NULL };

  g_return_val_if_fail (CLT_IS_CONDITION (self), none);

  return self->values ? (const char * const *) self->values : none;
}

void
clt_condition_set_values (CltCondition       *self,
                          const char * const *values)
{
  g_return_if_fail (CLT_IS_CONDITION (self));

  if ((values == NULL || values[0] == NULL) && (self->values == NULL || self->values[0] == NULL))
    return;
  if (values != NULL && self->values != NULL && g_strv_equal (values, (const char * const *) self->values))
    return;

  g_strfreev (self->values);
  self->values = values && values[0] ? g_strdupv ((char **) values) : NULL;
  changed (self, PROP_VALUES);
}

void
clt_condition_set_window_dates (CltCondition *self,
                                const char   *from,
                                const char   *to)
{
  g_return_if_fail (CLT_IS_CONDITION (self));

  g_object_freeze_notify (G_OBJECT (self));
  set_string (self, &self->window_from, from, PROP_WINDOW_FROM);
  set_string (self, &self->window_to, to, PROP_WINDOW_TO);
  g_object_thaw_notify (G_OBJECT (self));
}

CltConditionKind
clt_condition_get_kind (CltCondition *self)
{
  g_return_val_if_fail (CLT_IS_CONDITION (self), 0);

  return self->kind;
}

void
clt_condition_set_kind (CltCondition *self,
                           CltConditionKind value)
{
  g_return_if_fail (CLT_IS_CONDITION (self));

  if (self->kind == value)
    return;

  self->kind = value;
  changed (self, PROP_KIND);
}

const char *
clt_condition_get_field (CltCondition *self)
{
  g_return_val_if_fail (CLT_IS_CONDITION (self), 0);

  return self->field;
}

void
clt_condition_set_field (CltCondition *self,
                            const char   *field)
{
  g_return_if_fail (CLT_IS_CONDITION (self));

  set_string (self, &self->field, field, PROP_FIELD);
}

CltOperator
clt_condition_get_operator (CltCondition *self)
{
  g_return_val_if_fail (CLT_IS_CONDITION (self), 0);

  return self->operator;
}

void
clt_condition_set_operator (CltCondition *self,
                               CltOperator value)
{
  g_return_if_fail (CLT_IS_CONDITION (self));

  if (self->operator == value)
    return;

  self->operator = value;
  changed (self, PROP_OPERATOR);
}

CltAggregate
clt_condition_get_aggregate (CltCondition *self)
{
  g_return_val_if_fail (CLT_IS_CONDITION (self), 0);

  return self->aggregate;
}

void
clt_condition_set_aggregate (CltCondition *self,
                                CltAggregate value)
{
  g_return_if_fail (CLT_IS_CONDITION (self));

  if (self->aggregate == value)
    return;

  self->aggregate = value;
  changed (self, PROP_AGGREGATE);
}

const char *
clt_condition_get_product (CltCondition *self)
{
  g_return_val_if_fail (CLT_IS_CONDITION (self), 0);

  return self->product;
}

void
clt_condition_set_product (CltCondition *self,
                              const char   *product)
{
  g_return_if_fail (CLT_IS_CONDITION (self));

  set_string (self, &self->product, product, PROP_PRODUCT);
}

const char *
clt_condition_get_store (CltCondition *self)
{
  g_return_val_if_fail (CLT_IS_CONDITION (self), 0);

  return self->store;
}

void
clt_condition_set_store (CltCondition *self,
                            const char   *store)
{
  g_return_if_fail (CLT_IS_CONDITION (self));

  set_string (self, &self->store, store, PROP_STORE);
}

const char *
clt_condition_get_campaign (CltCondition *self)
{
  g_return_val_if_fail (CLT_IS_CONDITION (self), 0);

  return self->campaign;
}

void
clt_condition_set_campaign (CltCondition *self,
                               const char   *campaign)
{
  g_return_if_fail (CLT_IS_CONDITION (self));

  set_string (self, &self->campaign, campaign, PROP_CAMPAIGN);
}

const char *
clt_condition_get_amount_min (CltCondition *self)
{
  g_return_val_if_fail (CLT_IS_CONDITION (self), 0);

  return self->amount_min;
}

void
clt_condition_set_amount_min (CltCondition *self,
                                 const char   *amount_min)
{
  g_return_if_fail (CLT_IS_CONDITION (self));

  set_string (self, &self->amount_min, amount_min, PROP_AMOUNT_MIN);
}

const char *
clt_condition_get_amount_max (CltCondition *self)
{
  g_return_val_if_fail (CLT_IS_CONDITION (self), 0);

  return self->amount_max;
}

void
clt_condition_set_amount_max (CltCondition *self,
                                 const char   *amount_max)
{
  g_return_if_fail (CLT_IS_CONDITION (self));

  set_string (self, &self->amount_max, amount_max, PROP_AMOUNT_MAX);
}

CltTimeWindow
clt_condition_get_window (CltCondition *self)
{
  g_return_val_if_fail (CLT_IS_CONDITION (self), 0);

  return self->window;
}

void
clt_condition_set_window (CltCondition *self,
                             CltTimeWindow value)
{
  g_return_if_fail (CLT_IS_CONDITION (self));

  if (self->window == value)
    return;

  self->window = value;
  changed (self, PROP_WINDOW);
}

guint
clt_condition_get_window_days (CltCondition *self)
{
  g_return_val_if_fail (CLT_IS_CONDITION (self), 0);

  return self->window_days;
}

void
clt_condition_set_window_days (CltCondition *self,
                                  guint value)
{
  g_return_if_fail (CLT_IS_CONDITION (self));

  if (self->window_days == value)
    return;

  self->window_days = value;
  changed (self, PROP_WINDOW_DAYS);
}

const char *
clt_condition_get_window_from (CltCondition *self)
{
  g_return_val_if_fail (CLT_IS_CONDITION (self), 0);

  return self->window_from;
}

const char *
clt_condition_get_window_to (CltCondition *self)
{
  g_return_val_if_fail (CLT_IS_CONDITION (self), 0);

  return self->window_to;
}

const char *
clt_condition_get_window_event (CltCondition *self)
{
  g_return_val_if_fail (CLT_IS_CONDITION (self), 0);

  return self->window_event;
}

void
clt_condition_set_window_event (CltCondition *self,
                                   const char   *window_event)
{
  g_return_if_fail (CLT_IS_CONDITION (self));

  set_string (self, &self->window_event, window_event, PROP_WINDOW_EVENT);
}

const char *
clt_condition_get_channel (CltCondition *self)
{
  g_return_val_if_fail (CLT_IS_CONDITION (self), 0);

  return self->channel;
}

void
clt_condition_set_channel (CltCondition *self,
                              const char   *channel)
{
  g_return_if_fail (CLT_IS_CONDITION (self));

  set_string (self, &self->channel, channel, PROP_CHANNEL);
}
