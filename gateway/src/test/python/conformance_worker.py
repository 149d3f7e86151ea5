"""A worker built on the official Python MCP SDK (PyPI mcp) with what the official MCP conformance
suite's server scenarios call by name, as the Java conformance worker (examples/conformance-worker)
has it. FastMCP serves Streamable HTTP; the handlers are registered on its low-level server, where
a tool's schema and content are written as the scenarios expect them.

Run: python conformance_worker.py --port 8080 (listens on 127.0.0.1 only).
"""

import argparse
import asyncio

import mcp.types as types
from mcp.server.fastmcp import FastMCP

RED_PIXEL_PNG = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
)
EMPTY_WAV = "UklGRiQAAABXQVZFZm10IBAAAAABAAEAQB8AAIA+AAACABAAZGF0YQAAAAA="
NO_ARGUMENTS = {"type": "object", "properties": {}}


def string(description):
    return {"type": "string", "description": description}


def text(value):
    return types.TextContent(type="text", text=value)


def image():
    return types.ImageContent(type="image", data=RED_PIXEL_PNG, mimeType="image/png")


def embedded(uri, mime_type, content):
    return types.EmbeddedResource(
        type="resource",
        resource=types.TextResourceContents(uri=uri, mimeType=mime_type, text=content),
    )


DEFAULTS_SCHEMA = {
    "type": "object",
    "properties": {
        "name": {"type": "string", "default": "John Doe"},
        "age": {"type": "integer", "default": 30},
        "score": {"type": "number", "default": 95.5},
        "status": {"type": "string", "enum": ["active", "inactive", "pending"], "default": "active"},
        "verified": {"type": "boolean", "default": True},
    },
    "required": ["name", "age", "score", "status", "verified"],
}


def titled(value, title):
    return {"const": value, "title": title}


ENUMS_SCHEMA = {
    "type": "object",
    "properties": {
        "untitledSingle": {"type": "string", "enum": ["option1", "option2", "option3"]},
        "titledSingle": {
            "type": "string",
            "oneOf": [
                titled("value1", "First Option"),
                titled("value2", "Second Option"),
                titled("value3", "Third Option"),
            ],
        },
        "legacyEnum": {
            "type": "string",
            "enum": ["opt1", "opt2", "opt3"],
            "enumNames": ["Option One", "Option Two", "Option Three"],
        },
        "untitledMulti": {
            "type": "array",
            "items": {"type": "string", "enum": ["option1", "option2", "option3"]},
        },
        "titledMulti": {
            "type": "array",
            "items": {
                "anyOf": [
                    titled("value1", "First Choice"),
                    titled("value2", "Second Choice"),
                    titled("value3", "Third Choice"),
                ]
            },
        },
    },
    "required": ["untitledSingle", "titledSingle", "legacyEnum", "untitledMulti", "titledMulti"],
}

JSON_SCHEMA_2020_12 = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "$defs": {
        "address": {
            "type": "object",
            "properties": {"street": {"type": "string"}, "city": {"type": "string"}},
        }
    },
    "properties": {"name": {"type": "string"}, "address": {"$ref": "#/$defs/address"}},
    "additionalProperties": False,
}

TOOLS = [
    types.Tool(name="test_simple_text", description="Returns simple text content", inputSchema=NO_ARGUMENTS),
    types.Tool(name="test_image_content", description="Returns image content", inputSchema=NO_ARGUMENTS),
    types.Tool(name="test_audio_content", description="Returns audio content", inputSchema=NO_ARGUMENTS),
    types.Tool(name="test_embedded_resource", description="Returns an embedded resource", inputSchema=NO_ARGUMENTS),
    types.Tool(
        name="test_multiple_content_types",
        description="Returns text, image and resource content together",
        inputSchema=NO_ARGUMENTS,
    ),
    types.Tool(
        name="test_tool_with_logging",
        description="Sends three log notifications while it runs",
        inputSchema=NO_ARGUMENTS,
    ),
    types.Tool(name="test_error_handling", description="Always returns a tool error", inputSchema=NO_ARGUMENTS),
    types.Tool(
        name="test_tool_with_progress",
        description="Reports progress 0, 50 and 100 of 100",
        inputSchema=NO_ARGUMENTS,
    ),
    types.Tool(
        name="test_sampling",
        description="Asks the client's LLM to answer a prompt",
        inputSchema={
            "type": "object",
            "properties": {"prompt": string("The prompt to send to the LLM")},
            "required": ["prompt"],
        },
    ),
    types.Tool(
        name="test_elicitation",
        description="Asks the user for a username and an email address",
        inputSchema={
            "type": "object",
            "properties": {"message": string("The message to show the user")},
            "required": ["message"],
        },
    ),
    types.Tool(
        name="test_elicitation_sep1034_defaults",
        description="Elicitation with a default value for every primitive type",
        inputSchema=NO_ARGUMENTS,
    ),
    types.Tool(
        name="test_elicitation_sep1330_enums",
        description="Elicitation with the five enum schema variants",
        inputSchema=NO_ARGUMENTS,
    ),
    types.Tool(
        name="json_schema_2020_12_tool",
        description="Tool with JSON Schema 2020-12 features",
        inputSchema=JSON_SCHEMA_2020_12,
    ),
]

TEXT_RESOURCES = {
    "test://static-text": ("Static Text Resource", "This is the content of the static text resource."),
    "test://watched-resource": ("Watched Resource", "This is a watched resource content."),
}


def build(port: int) -> FastMCP:
    app = FastMCP("python-conformance", host="127.0.0.1", port=port)
    server = app._mcp_server

    @server.list_tools()
    async def list_tools():
        return TOOLS

    @server.call_tool(validate_input=False)
    async def call_tool(name, arguments):
        ctx = server.request_context
        session = ctx.session
        if name == "test_simple_text":
            return [text("This is a simple text response for testing.")]
        if name == "test_image_content":
            return [image()]
        if name == "test_audio_content":
            return [types.AudioContent(type="audio", data=EMPTY_WAV, mimeType="audio/wav")]
        if name == "test_embedded_resource":
            return [embedded("test://embedded-resource", "text/plain", "This is an embedded resource content.")]
        if name == "test_multiple_content_types":
            return [
                text("Multiple content types test:"),
                image(),
                embedded("test://mixed-content-resource", "application/json", '{"test":"data","value":123}'),
            ]
        if name == "test_tool_with_logging":
            for message in ["Tool execution started", "Tool processing data", "Tool execution completed"]:
                await session.send_log_message("info", message, related_request_id=ctx.request_id)
            return [text("Tool execution completed with logging")]
        if name == "test_error_handling":
            return types.CallToolResult(
                content=[text("This tool intentionally returns an error for testing")], isError=True
            )
        if name == "test_tool_with_progress":
            token = ctx.meta.progressToken if ctx.meta else None
            for progress in (0, 50, 100):
                if token is not None:
                    await session.send_progress_notification(
                        token, progress, total=100, related_request_id=str(ctx.request_id)
                    )
                if progress < 100:
                    await asyncio.sleep(0.05)
            return [text("Tool execution completed with progress")]
        if name == "test_sampling":
            answer = await session.create_message(
                [
                    types.SamplingMessage(
                        role="user", content=text(str(arguments.get("prompt")))
                    )
                ],
                max_tokens=100,
                related_request_id=ctx.request_id,
            )
            content = answer.content
            return [text("LLM response: " + (content.text if isinstance(content, types.TextContent) else str(content)))]
        if name == "test_elicitation":
            answer = await session.elicit(
                str(arguments.get("message")),
                {
                    "type": "object",
                    "properties": {
                        "username": string("User's response"),
                        "email": string("User's email address"),
                    },
                    "required": ["username", "email"],
                },
                related_request_id=ctx.request_id,
            )
            return [text(f"User response: action={answer.action}, content={answer.content}")]
        if name in ("test_elicitation_sep1034_defaults", "test_elicitation_sep1330_enums"):
            defaults = name == "test_elicitation_sep1034_defaults"
            answer = await session.elicit(
                "Please provide your information with defaults" if defaults else "Select your preferences",
                DEFAULTS_SCHEMA if defaults else ENUMS_SCHEMA,
                related_request_id=ctx.request_id,
            )
            return [text(f"Elicitation completed: action={answer.action}, content={answer.content}")]
        if name == "json_schema_2020_12_tool":
            return [text("JSON Schema 2020-12 tool called")]
        raise ValueError(f"Unknown tool: {name}")

    @server.list_resources()
    async def list_resources():
        resources = [
            types.Resource(uri=uri, name=name, description=name, mimeType="text/plain")
            for uri, (name, _) in TEXT_RESOURCES.items()
        ]
        resources.insert(
            1,
            types.Resource(
                uri="test://static-binary",
                name="Static Binary Resource",
                description="A static binary resource",
                mimeType="image/png",
            ),
        )
        return resources

    @server.list_resource_templates()
    async def list_resource_templates():
        return [
            types.ResourceTemplate(
                uriTemplate="test://template/{id}/data",
                name="Template Resource",
                description="A resource template with one parameter",
                mimeType="application/json",
            )
        ]

    # The SDK's read_resource decorator wraps plain return values; a ReadResourceResult is built
    # here through the raw handler so blobs and URIs stay exactly as written.
    async def read_resource(request: types.ReadResourceRequest):
        uri = str(request.params.uri)
        if uri in TEXT_RESOURCES:
            contents = [types.TextResourceContents(uri=uri, mimeType="text/plain", text=TEXT_RESOURCES[uri][1])]
        elif uri == "test://static-binary":
            contents = [types.BlobResourceContents(uri=uri, mimeType="image/png", blob=RED_PIXEL_PNG)]
        elif uri.startswith("test://template/") and uri.endswith("/data"):
            ident = uri[len("test://template/") : -len("/data")]
            contents = [
                types.TextResourceContents(
                    uri=uri,
                    mimeType="application/json",
                    text='{"id":"' + ident + '","templateTest":true,"data":"Data for ID: ' + ident + '"}',
                )
            ]
        else:
            raise ValueError(f"Resource not found: {uri}")
        return types.ServerResult(types.ReadResourceResult(contents=contents))

    server.request_handlers[types.ReadResourceRequest] = read_resource

    @server.subscribe_resource()
    async def subscribe(uri):
        return None

    @server.unsubscribe_resource()
    async def unsubscribe(uri):
        return None

    @server.list_prompts()
    async def list_prompts():
        return [
            types.Prompt(name="test_simple_prompt", description="A simple prompt"),
            types.Prompt(
                name="test_prompt_with_arguments",
                description="A prompt with two arguments",
                arguments=[
                    types.PromptArgument(name="arg1", description="First argument", required=True),
                    types.PromptArgument(name="arg2", description="Second argument", required=True),
                ],
            ),
            types.Prompt(
                name="test_prompt_with_embedded_resource",
                description="A prompt that embeds a resource",
                arguments=[
                    types.PromptArgument(
                        name="resourceUri", description="URI of the resource to embed", required=True
                    )
                ],
            ),
            types.Prompt(name="test_prompt_with_image", description="A prompt with an image"),
        ]

    def user(content):
        return types.PromptMessage(role="user", content=content)

    @server.get_prompt()
    async def get_prompt(name, arguments):
        arguments = arguments or {}
        if name == "test_simple_prompt":
            messages = [user(text("This is a simple prompt for testing."))]
        elif name == "test_prompt_with_arguments":
            messages = [
                user(
                    text(
                        f"Prompt with arguments: arg1='{arguments.get('arg1')}', arg2='{arguments.get('arg2')}'"
                    )
                )
            ]
        elif name == "test_prompt_with_embedded_resource":
            messages = [
                user(embedded(str(arguments.get("resourceUri")), "text/plain", "Embedded resource content for testing.")),
                user(text("Please process the embedded resource above.")),
            ]
        elif name == "test_prompt_with_image":
            messages = [user(image()), user(text("Please analyze the image above."))]
        else:
            raise ValueError(f"Unknown prompt: {name}")
        return types.GetPromptResult(messages=messages)

    @server.completion()
    async def complete(ref, argument, context):
        return types.Completion(values=[], total=0, hasMore=False)

    @server.set_logging_level()
    async def set_logging_level(level):
        return None

    return app


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=8080)
    args = parser.parse_args()
    build(args.port).run(transport="streamable-http")
