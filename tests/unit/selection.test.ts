import { graphql, buildSchema, type GraphQLResolveInfo } from 'graphql';
import { expect, it } from 'vitest';
import { selectsField } from '../../src/selection.js';

// selectsField reads the query a resolver is answering: a field asked directly, through an inline
// fragment or a named one (even one spread twice) counts; a field asked one level further down does not.

const schema = buildSchema(`
  type Query { resident: Resident }
  type Resident { name: String, serviceStatus: [Matter!]!, household: Resident }
  type Matter { reference: String }
`);

async function asks(query: string): Promise<boolean> {
  let seen: boolean | undefined;
  const rootValue = {
    resident: (_: unknown, _ctx: unknown, info: GraphQLResolveInfo) => {
      seen = selectsField(info, 'serviceStatus');
      return null;
    },
  };
  const result = await graphql({ schema, source: query, rootValue });
  expect(result.errors).toBeUndefined();
  return seen!;
}

it('sees a field asked directly', async () => {
  expect(await asks('{ resident { name serviceStatus { reference } } }')).toBe(true);
  expect(await asks('{ resident { name } }')).toBe(false);
});

it('sees a field asked through inline and named fragments', async () => {
  expect(await asks('{ resident { ... on Resident { serviceStatus { reference } } } }')).toBe(true);
  expect(await asks('{ resident { ...a ...a } } fragment a on Resident { ...b } fragment b on Resident { serviceStatus { reference } }')).toBe(true);
  expect(await asks('{ resident { ...a } } fragment a on Resident { name }')).toBe(false);
});

it('does not count the field asked of a nested object', async () => {
  expect(await asks('{ resident { household { serviceStatus { reference } } } }')).toBe(false);
});
