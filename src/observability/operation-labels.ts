import { Kind, parse } from 'graphql';

/** Operation names outside the trusted documents that get series of their own; later ones count as "other". */
export const MAX_OPERATION_LABELS = 100;

/**
 * The `operation` label of a request. The name is the client's choice and every new one is a set of
 * series kept for the life of the process, so only the trusted documents' names and the first
 * `max` other names seen are labelled as they are.
 */
export function operationLabels(trustedDocuments: Iterable<string> = [], max = MAX_OPERATION_LABELS): (operation: string) => string {
  const known = new Set(['anonymous', ...operationNames(trustedDocuments)]);
  const seen = new Set<string>();
  return (operation) => {
    if (known.has(operation) || seen.has(operation)) return operation;
    if (seen.size >= max) return 'other';
    seen.add(operation);
    return operation;
  };
}

function* operationNames(documents: Iterable<string>): Iterable<string> {
  for (const document of documents) for (const d of definitionsOf(document)) if (d.kind === Kind.OPERATION_DEFINITION && d.name) yield d.name.value;
}

// Apollo refuses a document that does not parse: it never has a name to label.
function definitionsOf(document: string) {
  try {
    return parse(document).definitions;
  } catch {
    return [];
  }
}
