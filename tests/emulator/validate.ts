// Parse and validation errors worded as Shopify returns them. Shopify's Admin API runs graphql-ruby,
// whose static validation messages and `extensions.code` values differ from graphql-js's. We validate
// with graphql-js against the real schema and reword each error the way graphql-ruby prints it, e.g.
//   {"message":"Field 'foo' doesn't exist on type 'Customer'","locations":[{"line":3,"column":5}],
//    "path":["query Q","customers","nodes","foo"],
//    "extensions":{"code":"undefinedField","typeName":"Customer","fieldName":"foo"}}
// Shapes checked against recorded Shopify/GitHub (both graphql-ruby) responses in public repositories:
// undefinedField, argumentNotAccepted (path ends with the argument), missingRequiredArguments
// (className/name/arguments), argumentLiteralsIncompatible, "Parse error on \"x\" (STRING) at [2, 25]".
import {
  getNamedType,
  GraphQLError,
  Kind,
  Lexer,
  print,
  Source,
  specifiedRules,
  TokenKind,
  typeFromAST,
  TypeInfo,
  validate,
  visit,
  visitWithTypeInfo,
  type ArgumentNode,
  type ASTNode,
  type DocumentNode,
  type FieldNode,
  type GraphQLSchema,
  type GraphQLType,
  type OperationDefinitionNode,
  type SourceLocation,
  type TypeNode,
  type VariableDefinitionNode,
} from "graphql";

export interface ShopifyError {
  message: string;
  locations?: SourceLocation[];
  path?: (string | number)[];
  extensions?: Record<string, unknown>;
}

const TOKEN_NAMES: Record<string, string> = {
  [TokenKind.BRACE_L]: "LCURLY",
  [TokenKind.BRACE_R]: "RCURLY",
  [TokenKind.PAREN_L]: "LPAREN",
  [TokenKind.PAREN_R]: "RPAREN",
  [TokenKind.BRACKET_L]: "LBRACKET",
  [TokenKind.BRACKET_R]: "RBRACKET",
  [TokenKind.COLON]: "COLON",
  [TokenKind.BANG]: "BANG",
  [TokenKind.DOLLAR]: "VAR_SIGN",
  [TokenKind.AT]: "DIR_SIGN",
  [TokenKind.EQUALS]: "EQUALS",
  [TokenKind.SPREAD]: "ELLIPSIS",
  [TokenKind.PIPE]: "PIPE",
  [TokenKind.AMP]: "AMP",
  [TokenKind.INT]: "INT",
  [TokenKind.FLOAT]: "FLOAT",
  [TokenKind.STRING]: "STRING",
  [TokenKind.BLOCK_STRING]: "STRING",
};
const KEYWORDS = new Set([
  "query",
  "mutation",
  "subscription",
  "fragment",
  "on",
  "true",
  "false",
  "null",
  "type",
  "schema",
  "input",
  "enum",
  "interface",
  "union",
  "scalar",
  "directive",
  "extend",
  "implements",
]);

/** graphql-ruby's parse error for a graphql-js syntax error. */
export function parseErrorAsShopify(error: GraphQLError, query: string): ShopifyError {
  const loc = error.locations?.[0];
  if (!loc) return { message: error.message.replace(/^Syntax Error: /, "") };
  const lexer = new Lexer(new Source(query));
  try {
    for (let token = lexer.advance(); ; token = lexer.advance()) {
      if (token.kind === TokenKind.EOF) return { message: "Unexpected end of document", locations: [] };
      if (token.line > loc.line || (token.line === loc.line && token.column >= loc.column)) {
        const kind =
          token.kind === TokenKind.NAME
            ? KEYWORDS.has(token.value)
              ? token.value.toUpperCase()
              : "IDENTIFIER"
            : (TOKEN_NAMES[token.kind] ?? token.kind);
        const value = token.value ?? token.kind;
        return {
          message: `Parse error on ${JSON.stringify(value)} (${kind}) at [${token.line}, ${token.column}]`,
          locations: [{ line: token.line, column: token.column }],
        };
      }
    }
  } catch {
    const ch = query.split("\n")[loc.line - 1]?.[loc.column - 1] ?? "";
    return {
      message: `Parse error on ${JSON.stringify(ch)} (UNKNOWN_CHAR) at [${loc.line}, ${loc.column}]`,
      locations: [{ line: loc.line, column: loc.column }],
    };
  }
}

// ---------------------------------------------------------------------------------------------
// Paths: graphql-ruby reports static errors with a path of operation/fragment key and field keys.

interface NodeInfo {
  path: (string | number)[];
  /** For values and variables inside an argument: the argument and its field/directive. */
  argument?: { name: string; ownerName: string; ownerKind: "Field" | "Directive"; node: ArgumentNode };
  field?: FieldNode;
}

export function operationKey(op: OperationDefinitionNode): string {
  return op.name ? `${op.operation} ${op.name.value}` : op.operation;
}

function indexPaths(document: DocumentNode): Map<ASTNode, NodeInfo> {
  const map = new Map<ASTNode, NodeInfo>();
  const walk = (node: ASTNode, path: (string | number)[], context: Omit<NodeInfo, "path">) => {
    switch (node.kind) {
      case Kind.OPERATION_DEFINITION: {
        const p = [operationKey(node)];
        map.set(node, { path: p });
        for (const v of node.variableDefinitions ?? []) {
          map.set(v, { path: p });
          map.set(v.type, { path: p });
          visit(v.type, { NamedType: (named) => void map.set(named, { path: p }) });
        }
        walk(node.selectionSet, p, {});
        return;
      }
      case Kind.FRAGMENT_DEFINITION: {
        const p = [`fragment ${node.name.value}`];
        map.set(node, { path: p });
        map.set(node.typeCondition, { path: p });
        walk(node.selectionSet, p, {});
        return;
      }
      case Kind.SELECTION_SET:
        map.set(node, { path, ...context });
        for (const s of node.selections) walk(s, path, context);
        return;
      case Kind.FIELD: {
        const p = [...path, node.alias?.value ?? node.name.value];
        map.set(node, { path: p, field: node });
        for (const arg of node.arguments ?? []) {
          walk(arg, p, { argument: { name: arg.name.value, ownerName: node.name.value, ownerKind: "Field", node: arg }, field: node });
        }
        for (const d of node.directives ?? []) walk(d, p, {});
        if (node.selectionSet) {
          map.set(node.selectionSet, { path: p, field: node });
          for (const s of node.selectionSet.selections) walk(s, p, {});
        }
        return;
      }
      case Kind.DIRECTIVE: {
        map.set(node, { path });
        for (const arg of node.arguments ?? []) {
          walk(arg, path, { argument: { name: arg.name.value, ownerName: node.name.value, ownerKind: "Directive", node: arg } });
        }
        return;
      }
      case Kind.ARGUMENT: {
        const p = [...path, node.name.value];
        map.set(node, { path: p, ...context });
        walk(node.value, p, context);
        return;
      }
      case Kind.INLINE_FRAGMENT: {
        const p = [...path, node.typeCondition ? `... on ${node.typeCondition.name.value}` : "..."];
        map.set(node, { path: p });
        if (node.typeCondition) map.set(node.typeCondition, { path: p });
        for (const d of node.directives ?? []) walk(d, p, {});
        walk(node.selectionSet, p, {});
        return;
      }
      case Kind.FRAGMENT_SPREAD:
        map.set(node, { path: [...path, `... ${node.name.value}`] });
        for (const d of node.directives ?? []) walk(d, path, {});
        return;
      case Kind.OBJECT: {
        map.set(node, { path, ...context });
        for (const f of node.fields) {
          const p = [...path, f.name.value];
          map.set(f, { path: p, ...context });
          walk(f.value, p, context);
        }
        return;
      }
      case Kind.LIST:
        map.set(node, { path, ...context });
        node.values.forEach((v) => walk(v, path, context));
        return;
      default:
        map.set(node, { path, ...context });
    }
  };
  for (const def of document.definitions) walk(def, [], {});
  return map;
}

function listDepth(type: TypeNode): number {
  if (type.kind === Kind.NON_NULL_TYPE) return listDepth(type.type);
  if (type.kind === Kind.LIST_TYPE) return 1 + listDepth(type.type);
  return 0;
}

/** Static validation against the schema; [] when the document is valid. */
export function validateAsShopify(schema: GraphQLSchema, document: DocumentNode): ShopifyError[] {
  const errors = validate(schema, document, specifiedRules, { maxErrors: 50 });
  if (!errors.length) return [];
  const paths = indexPaths(document);
  let argTypes: Map<ArgumentNode, string> | undefined;
  const argumentTypes = () => {
    if (argTypes) return argTypes;
    const map = new Map<ArgumentNode, string>();
    const typeInfo = new TypeInfo(schema);
    visit(
      document,
      visitWithTypeInfo(typeInfo, {
        Argument(node) {
          const def = typeInfo.getArgument();
          if (def) map.set(node, String(def.type));
        },
      }),
    );
    argTypes = map;
    return map;
  };
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const out: ShopifyError[] = [];
  const missingArgs = new Map<FieldNode, { error: ShopifyError; names: string[] }>();

  for (const error of errors) {
    const node = error.nodes?.[0];
    const info = node ? paths.get(node) : undefined;
    const path = info?.path ?? [];
    const locations = error.locations ? [...error.locations] : undefined;
    const m = error.message;
    let match: RegExpExecArray | null;

    if ((match = /^Cannot query field "(.+?)" on type "(.+?)"\./.exec(m))) {
      out.push({
        message: `Field '${match[1]}' doesn't exist on type '${match[2]}'`,
        locations,
        path,
        extensions: { code: "undefinedField", typeName: match[2], fieldName: match[1] },
      });
    } else if ((match = /^Unknown argument "(.+?)" on field "(.+?)\.(.+?)"\./.exec(m))) {
      out.push({
        message: `Field '${match[3]}' doesn't accept argument '${match[1]}'`,
        locations,
        path,
        extensions: { code: "argumentNotAccepted", name: match[3], typeName: "Field", argumentName: match[1] },
      });
    } else if ((match = /^Unknown argument "(.+?)" on directive "@(.+?)"\./.exec(m))) {
      out.push({
        message: `Directive '${match[2]}' doesn't accept argument '${match[1]}'`,
        locations,
        path,
        extensions: { code: "argumentNotAccepted", name: match[2], typeName: "Directive", argumentName: match[1] },
      });
    } else if ((match = /^Field "(.+?)" argument "(.+?)" of type ".+?" is required, but it was not provided\./.exec(m))) {
      const field = node as FieldNode;
      const existing = missingArgs.get(field);
      if (existing) {
        existing.names.push(match[2]);
        existing.error.message = `Field '${match[1]}' is missing required arguments: ${existing.names.join(", ")}`;
        existing.error.extensions!.arguments = existing.names.join(", ");
      } else {
        const e: ShopifyError = {
          message: `Field '${match[1]}' is missing required arguments: ${match[2]}`,
          locations,
          path,
          extensions: { code: "missingRequiredArguments", className: "Field", name: match[1], arguments: match[2] },
        };
        missingArgs.set(field, { error: e, names: [match[2]] });
        out.push(e);
      }
    } else if ((match = /^Field "(.+?)" of type "(.+?)" must have a selection of subfields/.exec(m))) {
      const typeName = getNamedTypeName(match[2]);
      out.push({
        message: `Field must have selections (field '${match[1]}' returns ${typeName} but has no selections. Did you mean '${match[1]} { ... }'?)`,
        locations,
        path,
        extensions: { code: "selectionMismatch", nodeName: `field '${match[1]}'`, typeName },
      });
    } else if ((match = /^Field "(.+?)" must not have a selection since type "(.+?)" has no subfields\./.exec(m))) {
      const typeName = getNamedTypeName(match[2]);
      const named = schema.getType(typeName);
      const kind = named && "getValues" in named ? "enums" : "scalars";
      const field = info?.field;
      const selections = field?.selectionSet?.selections
        .map((s) => (s.kind === Kind.FIELD ? s.name.value : s.kind === Kind.FRAGMENT_SPREAD ? s.name.value : "..."))
        .join(", ");
      out.push({
        message: `Selections can't be made on ${kind} (field '${match[1]}' returns ${typeName} but has selections [${selections ?? ""}])`,
        locations: field?.loc ? [nodeLocation(field)] : locations,
        path,
        extensions: { code: "selectionMismatch", nodeName: `field '${match[1]}'`, typeName },
      });
    } else if ((match = /^Variable "\$(.+?)" of type "(.+?)" used in position expecting type "(.+?)"\./.exec(m))) {
      const usage = error.nodes?.[1];
      const usageInfo = usage ? paths.get(usage) : undefined;
      const argName = usageInfo?.path[usageInfo.path.length - 1] ?? usageInfo?.argument?.name ?? "";
      const varDef = node as VariableDefinitionNode;
      const expected = match[3];
      const varType = typeFromAST(schema, varDef.type as never) as GraphQLType | undefined;
      const expectedNamed = expected.replace(/[[\]!]/g, "");
      let kind = "Type mismatch";
      if (varType && getNamedType(varType)?.name === expectedNamed) {
        kind = listDepth(varDef.type) !== (expected.match(/\[/g)?.length ?? 0) ? "List dimension mismatch" : "Nullability mismatch";
      }
      out.push({
        message: `${kind} on variable $${match[1]} and argument ${String(argName)} (${match[2]} / ${expected})`,
        locations: usageInfo?.argument ? [nodeLocation(usageInfo.argument.node)] : locations,
        path: usageInfo?.path ?? path,
        extensions: {
          code: "variableMismatch",
          variableName: match[1],
          typeName: match[2],
          argumentName: String(argName),
          errorMessage: kind,
        },
      });
    } else if ((match = /^Variable "\$(.+?)" is not defined(?: by operation "(.+?)")?\./.exec(m))) {
      const op = (error.nodes?.[1] as OperationDefinitionNode | undefined) ?? operations[0];
      out.push({
        message: `Variable $${match[1]} is used by ${opName(op)} but not declared`,
        locations: locations?.slice(0, 1),
        path: op ? [operationKey(op)] : path,
        extensions: { code: "variableNotDefined", variableName: match[1] },
      });
    } else if ((match = /^Variable "\$(.+?)" is never used(?: in operation "(.+?)")?\./.exec(m))) {
      const op = operations.find((o) => o.variableDefinitions?.includes(node as VariableDefinitionNode));
      out.push({
        message: `Variable $${match[1]} is declared by ${opName(op)} but not used`,
        locations,
        path: op ? [operationKey(op)] : path,
        extensions: { code: "variableNotUsed", variableName: match[1] },
      });
    } else if ((match = /^Unknown type "(.+?)"\./.exec(m))) {
      const varDef = findVariableDefinition(document, node);
      if (varDef) {
        out.push({
          message: `${match[1]} isn't a defined input type (on $${varDef.variable.name.value})`,
          locations: [nodeLocation(varDef)],
          path,
          extensions: { code: "variableRequiresValidType", typeName: match[1], variableName: varDef.variable.name.value },
        });
      } else {
        out.push({
          message: `No such type ${match[1]}, so it can't be a fragment condition`,
          locations,
          path,
          extensions: { code: "undefinedType", typeName: match[1] },
        });
      }
    } else if ((match = /^Variable "\$(.+?)" cannot be non-input type "(.+?)"\./.exec(m))) {
      out.push({
        message: `${match[2]} isn't a valid input type (on $${match[1]})`,
        locations,
        path,
        extensions: { code: "variableRequiresValidType", typeName: match[2], variableName: match[1] },
      });
    } else if (
      info?.argument &&
      /cannot represent|Expected value of type|Expected type|found null|is not defined by type|of required type/.test(m)
    ) {
      out.push(argumentLiteralError(info, node!, argumentTypes()));
    } else if ((match = /^Unknown directive "@(.+?)"\./.exec(m))) {
      out.push({
        message: `Directive @${match[1]} is not defined`,
        locations,
        path,
        extensions: { code: "undefinedDirective", directiveName: match[1] },
      });
    } else if ((match = /^Fragment "(.+?)" is never used\./.exec(m))) {
      out.push({
        message: `Fragment ${match[1]} was defined, but not used`,
        locations,
        path,
        extensions: { code: "useAndDefineFragment", fragmentName: match[1] },
      });
    } else if ((match = /^Unknown fragment "(.+?)"\./.exec(m))) {
      out.push({
        message: `Fragment ${match[1]} was used, but not defined`,
        locations,
        path,
        extensions: { code: "useAndDefineFragment", fragmentName: match[1] },
      });
    } else if ((match = /^There can be only one operation named "(.+?)"\./.exec(m))) {
      out.push({
        message: `Operation name "${match[1]}" must be unique`,
        locations,
        path: [],
        extensions: { code: "operationNotUnique", operationName: match[1] },
      });
    } else if ((match = /^There can be only one fragment named "(.+?)"\./.exec(m))) {
      out.push({
        message: `Fragment name "${match[1]}" must be unique`,
        locations,
        path: [],
        extensions: { code: "fragmentNotUnique", fragmentName: match[1] },
      });
    } else if ((match = /^There can be only one argument named "(.+?)"\./.exec(m))) {
      out.push({
        message: `There can be only one argument named "${match[1]}"`,
        locations,
        path,
        extensions: { code: "argumentNotUnique", name: match[1] },
      });
    } else if ((match = /^Fragment "(.+?)" cannot be spread here as objects of type "(.+?)" can never be of type "(.+?)"\./.exec(m))) {
      out.push({
        message: `Fragment ${match[1]} on ${match[3]} can't be spread inside ${match[2]}`,
        locations,
        path,
        extensions: { code: "cannotSpreadFragment", typeName: match[3], fragmentName: match[1], parentName: match[2] },
      });
    } else if ((match = /^Fragment cannot be spread here as objects of type "(.+?)" can never be of type "(.+?)"\./.exec(m))) {
      out.push({
        message: `Fragment on ${match[2]} can't be spread inside ${match[1]}`,
        locations,
        path,
        extensions: { code: "cannotSpreadFragment", typeName: match[2], fragmentName: "unknown", parentName: match[1] },
      });
    } else if (/^This anonymous operation must be the only defined operation\./.test(m)) {
      out.push({
        message: "Operation name is required when multiple operations are present",
        locations,
        path: [],
        extensions: { code: "anonymousOperationNotAlone" },
      });
    } else if ((match = /^Fields "(.+?)" conflict because/.exec(m))) {
      out.push({
        message: `Field '${match[1]}' has a field conflict: ${m.replace(/^Fields ".+?" conflict because /, "").replace(/\.$/, "")}`,
        locations,
        path,
        extensions: { code: "fieldConflict", fieldName: match[1] },
      });
    } else {
      // Rare rules: keep graphql-js's wording in graphql-ruby's quoting.
      out.push({ message: m.replace(/"/g, "'"), locations, path, extensions: { code: "validationFailed" } });
    }
  }
  return out;
}

function getNamedTypeName(signature: string): string {
  return signature.replace(/[[\]!]/g, "");
}

function opName(op: OperationDefinitionNode | undefined): string {
  if (!op) return "anonymous query";
  return op.name ? op.name.value : `anonymous ${op.operation}`;
}

function nodeLocation(node: ASTNode): SourceLocation {
  const loc = node.loc;
  if (!loc) return { line: 1, column: 1 };
  return { line: loc.startToken.line, column: loc.startToken.column };
}

function findVariableDefinition(document: DocumentNode, named: ASTNode | undefined): VariableDefinitionNode | undefined {
  if (!named) return undefined;
  for (const def of document.definitions) {
    if (def.kind !== Kind.OPERATION_DEFINITION) continue;
    for (const v of def.variableDefinitions ?? []) {
      let found = false;
      visit(v.type, { NamedType: (n) => void (n === named && (found = true)) });
      if (found) return v;
    }
  }
  return undefined;
}

/** "Argument 'first' on Field 'customers' has an invalid value (\"x\"). Expected type 'Int'." */
function argumentLiteralError(info: NodeInfo, valueNode: ASTNode, argumentTypes: Map<ArgumentNode, string>): ShopifyError {
  const arg = info.argument!;
  const expected = argumentTypes.get(arg.node) ?? "";
  // graphql-ruby reports the whole argument value.
  const printed = print(arg.node.value);
  const location = nodeLocation(arg.node);
  void valueNode;
  return {
    message: `Argument '${arg.name}' on ${arg.ownerKind} '${arg.ownerName}' has an invalid value (${printed}). Expected type '${expected}'.`,
    locations: [location],
    path: [...info.path.slice(0, info.path.indexOf(arg.name) + 1 || info.path.length)],
    extensions: { code: "argumentLiteralsIncompatible", typeName: arg.ownerKind, argumentName: arg.name },
  };
}

/** A variable value that does not coerce: graphql-ruby's "was provided invalid value" shape. */
export function variableValueError(
  definition: VariableDefinitionNode,
  value: unknown,
  problems: { path: (string | number)[]; explanation: string; message?: string }[],
): ShopifyError {
  return {
    message: `Variable $${definition.variable.name.value} of type ${print(definition.type)} was provided invalid value`,
    locations: [nodeLocation(definition)],
    extensions: { value: value === undefined ? null : value, problems },
  };
}

export function locationOf(node: ASTNode): SourceLocation {
  return nodeLocation(node);
}
