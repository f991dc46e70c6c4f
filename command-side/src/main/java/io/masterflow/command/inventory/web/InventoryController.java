package io.masterflow.command.inventory.web;

import io.masterflow.command.inventory.InventoryFormat;
import io.masterflow.command.inventory.InventoryStore;
import io.masterflow.command.inventory.StoredInventory;
import io.masterflow.command.inventory.UnreadableInventory;
import io.masterflow.limits.Limits;
import io.masterflow.security.Caller;
import io.masterflow.web.InvalidRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Stores an asset inventory for a phase to import ({@code input.inventoryRef}): the body streams into the store as it
 * arrives and is never held whole, so an inventory may be as large as the account's {@code inventory-bytes}.
 */
@RestController
@RequestMapping(InventoryController.PATH)
@SecurityRequirement(name = "bearer")
@Tag(name = "inventories")
public class InventoryController {

    static final String PATH = "/api/v1/inventories";

    private final InventoryStore store;
    private final Limits limits;

    public InventoryController(InventoryStore store, Limits limits) {
        this.store = store;
        this.limits = limits;
    }

    /** @param inventoryRef what a phase input names it by ({@code input.inventoryRef}) */
    public record InventoryStored(String inventoryRef, String format, long bytes, long rows) {

        static InventoryStored of(StoredInventory stored) {
            return new InventoryStored(stored.reference(), stored.format().code(), stored.bytes(), stored.rows());
        }
    }

    @Operation(operationId = "storeInventory", summary = "Store an asset inventory for a phase to import; answers the reference its input names it by",
            description = "The body is CSV text (text/csv, UTF-8: a header line, then one asset per record) or a JSON array "
                    + "of objects (application/json). It streams into the store and is bounded by the account's inventory-bytes "
                    + "and inventory-rows (413, nothing stored). The reference is the SHA-256 of the bytes: the same bytes "
                    + "stored again give the same reference. Execute the importing phase with input.inventoryRef. Another "
                    + "account's reference is refused as one that does not exist.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = {
                    @Content(mediaType = "text/csv", schema = @Schema(type = "string")),
                    @Content(mediaType = "application/json", array = @ArraySchema(schema = @Schema(type = "object")))}))
    @PostMapping(consumes = {"text/csv", MediaType.APPLICATION_JSON_VALUE})
    @ResponseStatus(HttpStatus.CREATED)
    public InventoryStored store(HttpServletRequest request, Caller caller) throws IOException {
        MediaType type = MediaType.parseMediaType(request.getContentType());
        if (type.getCharset() != null && !type.getCharset().equals(StandardCharsets.UTF_8)) {
            throw new InvalidRequest("Content-Type", "an inventory is sent as UTF-8, not " + type.getCharset());
        }
        InventoryFormat format = InventoryFormat.CSV.mediaType().equals(type.getType() + "/" + type.getSubtype())
                ? InventoryFormat.CSV : InventoryFormat.JSON;
        try (InputStream body = request.getInputStream()) {
            return InventoryStored.of(store.store(caller.account(), format, limits.of(caller.account()), body::transferTo));
        } catch (UnreadableInventory unreadable) {
            throw new InvalidRequest("body", unreadable.getMessage());
        }
    }

    @Operation(operationId = "readInventory", summary = "Read a stored inventory back, as it was sent",
            description = "For a worker whose phase input names input.inventoryRef (an inline inventory given to execute is "
                    + "stored on the way in, and the input names it instead). Streams from the store; another account's "
                    + "reference is answered like one that does not exist.")
    @ApiResponse(responseCode = "200", description = "The inventory's bytes, with its format's media type", content = {
            @Content(mediaType = "text/csv", schema = @Schema(type = "string")),
            @Content(mediaType = "application/json", array = @ArraySchema(schema = @Schema(type = "object")))})
    @GetMapping("/{inventoryRef}")
    public void read(@PathVariable String inventoryRef, HttpServletResponse response, Caller caller) throws IOException {
        StoredInventory stored = store.find(caller.account(), inventoryRef)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no inventory '" + inventoryRef
                        + "' is stored in this account"));
        response.setContentType(stored.format().mediaType() + ";charset=UTF-8");
        response.setContentLengthLong(stored.bytes());
        try (InputStream bytes = store.open(stored)) {
            bytes.transferTo(response.getOutputStream());
        }
    }
}
