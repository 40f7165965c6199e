import { GraphQLScalarType, Kind } from 'graphql';
import { badInput } from '../errors.js';
import { parseIdNumber } from '../identity/id-number.js';

function parse(value: unknown): string {
  if (typeof value !== 'string') throw badInput('Invalid ID number: must be a string');
  const result = parseIdNumber(value.trim());
  if (!result.ok) throw badInput(result.reason, { value });
  return result.value.idNumber;
}

export const IdCardNumber = new GraphQLScalarType({
  name: 'IdCardNumber',
  description: 'GB 11643 citizen ID number',
  serialize: (value) => String(value),
  parseValue: parse,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw badInput('Invalid ID number: must be a string');
    return parse(ast.value);
  },
});
