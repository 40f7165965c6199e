import { GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { badInput } from '../errors.js';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function parseDate(value: unknown): string {
  const m = typeof value === 'string' ? DATE.exec(value) : null;
  const d = m && new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (!m || !d || d.getUTCDate() !== Number(m[3]) || d.getUTCMonth() !== Number(m[2]) - 1) {
    throw badInput(`Invalid Date: expected a real date as YYYY-MM-DD, got ${JSON.stringify(value)}`);
  }
  return value as string;
}

function parseDateTime(value: unknown): string {
  if (typeof value !== 'string' || !DATE_TIME.test(value) || Number.isNaN(Date.parse(value))) {
    throw badInput(`Invalid DateTime: expected ISO 8601 with an offset, got ${JSON.stringify(value)}`);
  }
  return value;
}

const literal = (parse: (v: unknown) => string) => (ast: ValueNode) => parse(ast.kind === Kind.STRING ? ast.value : undefined);

export const DateScalar = new GraphQLScalarType({
  name: 'Date',
  serialize: (v) => String(v),
  parseValue: parseDate,
  parseLiteral: literal(parseDate),
});

export const DateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  serialize: (v) => (v instanceof Date ? v.toISOString() : String(v)),
  parseValue: parseDateTime,
  parseLiteral: literal(parseDateTime),
});
