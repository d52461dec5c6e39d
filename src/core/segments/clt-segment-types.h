/* clt-segment-types.h: the enumerations and errors of segments
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define CLT_SEGMENT_ERROR (clt_segment_error_quark ())

typedef enum
{
  CLT_SEGMENT_ERROR_INVALID,      /* bad JSON, unknown field, kind, operator or value */
  CLT_SEGMENT_ERROR_VERSION,      /* a definition version this Clientele does not know */
  CLT_SEGMENT_ERROR_CYCLE,        /* a segment refers to itself, directly or not */
  CLT_SEGMENT_ERROR_NOT_FOUND,    /* no such saved segment */
  CLT_SEGMENT_ERROR_EXISTS,       /* the name is taken */
  CLT_SEGMENT_ERROR_CANCELLED,
} CltSegmentError;

/* How a group combines its children. */
typedef enum
{
  CLT_SEGMENT_MATCH_ALL,
  CLT_SEGMENT_MATCH_ANY,
  CLT_SEGMENT_MATCH_NONE,
} CltSegmentMatch;

/* The kinds of condition. Computed scores (RFM, churn risk, lifetime value) become a kind
 * here, with a row in the catalogue (clt-segment-catalogue.c) and a branch in the compiler,
 * once the insights work stores them. */
typedef enum
{
  CLT_CONDITION_ATTRIBUTE,
  CLT_CONDITION_SOURCE,
  CLT_CONDITION_BEHAVIOUR,
  CLT_CONDITION_CONSENT,
} CltConditionKind;

typedef enum
{
  /* text */
  CLT_OPERATOR_IS,
  CLT_OPERATOR_IS_NOT,
  CLT_OPERATOR_CONTAINS,
  CLT_OPERATOR_STARTS_WITH,
  CLT_OPERATOR_IS_EMPTY,
  /* number and money */
  CLT_OPERATOR_EQ,
  CLT_OPERATOR_NE,
  CLT_OPERATOR_LT,
  CLT_OPERATOR_LE,
  CLT_OPERATOR_GT,
  CLT_OPERATOR_GE,
  CLT_OPERATOR_BETWEEN,
  /* date */
  CLT_OPERATOR_BEFORE,
  CLT_OPERATOR_AFTER,
  CLT_OPERATOR_WITHIN_LAST,
  CLT_OPERATOR_ANNIVERSARY,
  /* list */
  CLT_OPERATOR_ANY_OF,
  CLT_OPERATOR_NONE_OF,
  /* source */
  CLT_OPERATOR_IN,
  CLT_OPERATOR_NOT_IN,
} CltOperator;

/* What a behaviour condition measures of the matching events. first and last are the days
 * since the first or last such event. */
typedef enum
{
  CLT_AGGREGATE_COUNT,
  CLT_AGGREGATE_SUM,
  CLT_AGGREGATE_AVERAGE,
  CLT_AGGREGATE_FIRST,
  CLT_AGGREGATE_LAST,
} CltAggregate;

/* Which events a behaviour condition looks at. */
typedef enum
{
  CLT_TIME_WINDOW_ALWAYS,
  CLT_TIME_WINDOW_LAST_DAYS,
  CLT_TIME_WINDOW_BETWEEN,
  CLT_TIME_WINDOW_BEFORE_EVENT,   /* before the profile's first event of another kind */
  CLT_TIME_WINDOW_AFTER_EVENT,    /* after the profile's first event of another kind */
} CltTimeWindow;

typedef enum
{
  CLT_SEGMENT_KIND_DYNAMIC,
  CLT_SEGMENT_KIND_STATIC,
} CltSegmentKind;

typedef struct _CltSegmentNode CltSegmentNode;
typedef struct _CltSegmentGroup CltSegmentGroup;
typedef struct _CltCondition CltCondition;
typedef struct _CltSegmentRef CltSegmentRef;

GQuark clt_segment_error_quark (void);

G_END_DECLS
